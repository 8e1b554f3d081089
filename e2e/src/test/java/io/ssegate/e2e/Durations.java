package io.ssegate.e2e;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations of the deployment files: Spring Boot's ({@code 15s},
 * {@code 500ms}), nginx's ({@code 3600s}, {@code 1h30m}, {@code 60}), Docker's and
 * Kubernetes' plain seconds.
 */
public final class Durations {

	private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

	private Durations() {
	}

	/**
	 * Parse a duration.
	 * @param text the text, one or more numbers each with an optional unit
	 * @param defaultUnit the unit of a number without one
	 * @return the duration
	 * @throws IllegalArgumentException if the text is not a duration
	 */
	public static Duration parse(String text, ChronoUnit defaultUnit) {
		String trimmed = text.trim();
		Matcher matcher = PART.matcher(trimmed);
		Duration total = Duration.ZERO;
		int end = 0;
		while (end < trimmed.length() && matcher.find(end) && matcher.start() == end) {
			long amount = Long.parseLong(matcher.group(1));
			total = total.plus(amount, unit(matcher.group(2), defaultUnit));
			end = matcher.end();
		}
		if (trimmed.isEmpty() || end != trimmed.length()) {
			throw new IllegalArgumentException("Not a duration: '" + text + "'");
		}
		return total;
	}

	private static ChronoUnit unit(String suffix, ChronoUnit defaultUnit) {
		if (suffix == null) {
			return defaultUnit;
		}
		return switch (suffix) {
			case "ms" -> ChronoUnit.MILLIS;
			case "s" -> ChronoUnit.SECONDS;
			case "m" -> ChronoUnit.MINUTES;
			case "h" -> ChronoUnit.HOURS;
			default -> ChronoUnit.DAYS;
		};
	}

}
