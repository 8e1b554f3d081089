package io.ssegate.notifier;

import java.time.Duration;
import java.util.Objects;

import io.ssegate.protocol.HistoryLimits;
import io.ssegate.protocol.TaskKeys;

/**
 * Settings of a {@link Notifier}. Immutable; start from {@link #create()} or
 * {@link #builder()}, change with {@link #mutate()}.
 *
 * @param keyPrefix the prefix of Redis key and channel names,
 * {@value TaskKeys#DEFAULT_PREFIX} by default; every gateway node must use the same
 * @param historyMaxLength the most events kept per task,
 * {@link #DEFAULT_HISTORY_MAX_LENGTH} by default; older ones are dropped
 * @param historyTtl how long a task's history lives after its last event,
 * {@link #DEFAULT_HISTORY_TTL} by default
 * @param idempotencyTtl how long an idempotency key is remembered,
 * {@link #DEFAULT_IDEMPOTENCY_TTL} by default
 * @param timeout how long a publish waits for Redis, {@link #DEFAULT_TIMEOUT} by default
 * @param maxPayloadBytes the largest encoded event accepted, in bytes,
 * {@link #DEFAULT_MAX_PAYLOAD_BYTES} by default
 * @param dataSerializer writes event data other than strings as JSON,
 * {@link EventDataSerializer#fromClasspath()} by default
 * @param tracer traces each publish and gives the trace context its envelope carries,
 * {@link PublishTracer#fromClasspath()} by default
 */
public record NotifierOptions(String keyPrefix, int historyMaxLength, Duration historyTtl, Duration idempotencyTtl,
		Duration timeout, int maxPayloadBytes, EventDataSerializer dataSerializer, PublishTracer tracer) {

	/** Default for {@link #historyMaxLength()}. */
	public static final int DEFAULT_HISTORY_MAX_LENGTH = HistoryLimits.DEFAULT_MAX_LENGTH;

	/** Default for {@link #historyTtl()}. */
	public static final Duration DEFAULT_HISTORY_TTL = HistoryLimits.DEFAULT_TTL;

	/** Default for {@link #idempotencyTtl()}. */
	public static final Duration DEFAULT_IDEMPOTENCY_TTL = HistoryLimits.DEFAULT_IDEMPOTENCY_TTL;

	/**
	 * Default for {@link #timeout()} in milliseconds, a constant so that configuration
	 * annotations can name it.
	 */
	public static final long DEFAULT_TIMEOUT_MILLIS = 5000;

	/** Default for {@link #timeout()}. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(DEFAULT_TIMEOUT_MILLIS);

	/** Default for {@link #maxPayloadBytes()}: 64 KiB. */
	public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;

	/**
	 * Create options, checking every value.
	 * @throws IllegalArgumentException if a value is out of range
	 */
	public NotifierOptions {
		new TaskKeys(keyPrefix);
		new HistoryLimits(historyMaxLength, historyTtl, idempotencyTtl);
		requirePositive(Objects.requireNonNull(timeout, "timeout").toMillis(), "timeout");
		requirePositive(maxPayloadBytes, "maxPayloadBytes");
		Objects.requireNonNull(dataSerializer, "dataSerializer");
		Objects.requireNonNull(tracer, "tracer");
	}

	/**
	 * The default options.
	 * @return the defaults
	 */
	public static NotifierOptions create() {
		return builder().build();
	}

	/**
	 * A builder that starts from the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder that starts from these options.
	 * @return a new builder
	 */
	public Builder mutate() {
		return new Builder().keyPrefix(this.keyPrefix)
			.historyMaxLength(this.historyMaxLength)
			.historyTtl(this.historyTtl)
			.idempotencyTtl(this.idempotencyTtl)
			.timeout(this.timeout)
			.maxPayloadBytes(this.maxPayloadBytes)
			.dataSerializer(this.dataSerializer)
			.tracer(this.tracer);
	}

	private static void requirePositive(long value, String name) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

	/**
	 * Builds {@link NotifierOptions}.
	 */
	public static final class Builder {

		private String keyPrefix = TaskKeys.DEFAULT_PREFIX;

		private int historyMaxLength = DEFAULT_HISTORY_MAX_LENGTH;

		private Duration historyTtl = DEFAULT_HISTORY_TTL;

		private Duration idempotencyTtl = DEFAULT_IDEMPOTENCY_TTL;

		private Duration timeout = DEFAULT_TIMEOUT;

		private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;

		private EventDataSerializer dataSerializer = EventDataSerializer.fromClasspath();

		private PublishTracer tracer = PublishTracer.fromClasspath();

		private Builder() {
		}

		/**
		 * Set the key prefix.
		 * @param keyPrefix the prefix
		 * @return this builder
		 */
		public Builder keyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
			return this;
		}

		/**
		 * Set the most events kept per task.
		 * @param historyMaxLength the count
		 * @return this builder
		 */
		public Builder historyMaxLength(int historyMaxLength) {
			this.historyMaxLength = historyMaxLength;
			return this;
		}

		/**
		 * Set how long a history lives after its last event.
		 * @param historyTtl the time to live
		 * @return this builder
		 */
		public Builder historyTtl(Duration historyTtl) {
			this.historyTtl = historyTtl;
			return this;
		}

		/**
		 * Set how long idempotency keys are remembered.
		 * @param idempotencyTtl the time to live
		 * @return this builder
		 */
		public Builder idempotencyTtl(Duration idempotencyTtl) {
			this.idempotencyTtl = idempotencyTtl;
			return this;
		}

		/**
		 * Set how long a blocking publish waits.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Set the largest encoded event accepted.
		 * @param maxPayloadBytes the size in bytes
		 * @return this builder
		 */
		public Builder maxPayloadBytes(int maxPayloadBytes) {
			this.maxPayloadBytes = maxPayloadBytes;
			return this;
		}

		/**
		 * Set what writes event data other than strings as JSON.
		 * @param dataSerializer the serializer, for example
		 * {@code new Jackson2DataSerializer(objectMapper)}
		 * @return this builder
		 */
		public Builder dataSerializer(EventDataSerializer dataSerializer) {
			this.dataSerializer = dataSerializer;
			return this;
		}

		/**
		 * Set what traces each publish.
		 * @param tracer the tracer, for example
		 * {@code OpenTelemetryPublishTracer.create(openTelemetry)}, or
		 * {@link PublishTracer#none()} for untraced publishes
		 * @return this builder
		 */
		public Builder tracer(PublishTracer tracer) {
			this.tracer = tracer;
			return this;
		}

		/**
		 * Build the options.
		 * @return the options
		 * @throws IllegalArgumentException if a value is out of range
		 */
		public NotifierOptions build() {
			return new NotifierOptions(this.keyPrefix, this.historyMaxLength, this.historyTtl, this.idempotencyTtl,
					this.timeout, this.maxPayloadBytes, this.dataSerializer, this.tracer);
		}

	}

}
