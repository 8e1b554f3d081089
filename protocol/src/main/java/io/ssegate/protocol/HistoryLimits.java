package io.ssegate.protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds a publisher applies to a task's history. Publishers of one deployment should
 * use the same bounds; the defaults here are the only copy of them.
 *
 * @param maxLength the most events kept per task; older ones are dropped
 * @param ttl how long a history lives after its last event
 * @param idempotencyTtl how long an idempotency key is remembered
 */
public record HistoryLimits(int maxLength, Duration ttl, Duration idempotencyTtl) {

	/** Default of {@link #maxLength()}. */
	public static final int DEFAULT_MAX_LENGTH = 1000;

	/**
	 * Default of {@link #ttl()} in seconds (a day), a constant so that configuration
	 * annotations can name it.
	 */
	public static final long DEFAULT_TTL_SECONDS = 86_400;

	/** Default of {@link #idempotencyTtl()} in seconds (a day). */
	public static final long DEFAULT_IDEMPOTENCY_TTL_SECONDS = 86_400;

	/** Default of {@link #ttl()}. */
	public static final Duration DEFAULT_TTL = Duration.ofSeconds(DEFAULT_TTL_SECONDS);

	/** Default of {@link #idempotencyTtl()}. */
	public static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofSeconds(DEFAULT_IDEMPOTENCY_TTL_SECONDS);

	/**
	 * Create bounds, checking every value.
	 * @throws IllegalArgumentException if a value is out of range
	 */
	public HistoryLimits {
		if (maxLength <= 0) {
			throw new IllegalArgumentException("historyMaxLength must be positive");
		}
		requireAtLeastOneSecond(ttl, "historyTtl");
		requireAtLeastOneSecond(idempotencyTtl, "idempotencyTtl");
	}

	private static void requireAtLeastOneSecond(Duration value, String name) {
		if (Objects.requireNonNull(value, name).toSeconds() < 1) {
			throw new IllegalArgumentException(name + " must be at least one second");
		}
	}

}
