package io.ssegate.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of one event in a task's history: a Redis Stream entry id
 * ({@code <millis>-<sequence>}). Ids grow within a task, so they order events and serve
 * as the SSE {@code id:} and {@code Last-Event-ID}.
 *
 * @param millis the milliseconds part
 * @param sequence the sequence number within that millisecond
 */
public record EventId(long millis, long sequence) implements Comparable<EventId> {

	private static final Pattern FORMAT = Pattern.compile("(\\d{1,19})-(\\d{1,19})");

	/** The id before every real event id. */
	public static final EventId ZERO = new EventId(0, 0);

	/**
	 * Create an event id.
	 * @param millis the milliseconds part, not negative
	 * @param sequence the sequence part, not negative
	 */
	public EventId {
		if (millis < 0 || sequence < 0) {
			throw new IllegalArgumentException("Event id parts must not be negative");
		}
	}

	/**
	 * Parse an id in its text form, {@code <millis>-<sequence>}.
	 * @param text the text form
	 * @return the id
	 * @throws IllegalArgumentException if the text is not an event id
	 */
	public static EventId parse(String text) {
		Matcher matcher = FORMAT.matcher(text);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not an event id (expected <millis>-<sequence>)");
		}
		try {
			return new EventId(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Event id out of range", ex);
		}
	}

	/**
	 * Whether this id comes after the other one.
	 * @param other the id to compare with
	 * @return {@code true} if this id is greater
	 */
	public boolean isAfter(EventId other) {
		return compareTo(other) > 0;
	}

	@Override
	public int compareTo(EventId other) {
		int byMillis = Long.compareUnsigned(this.millis, other.millis);
		return (byMillis != 0) ? byMillis : Long.compareUnsigned(this.sequence, other.sequence);
	}

	@Override
	public String toString() {
		return this.millis + "-" + this.sequence;
	}

}
