package io.ssegate.gateway.stream;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * SSE streams, under {@code ssegate.stream.*}.
 *
 * @param heartbeatInterval time between heartbeat comments on every stream
 * @param timeout time after which a stream is closed, plus up to a tenth of it at random
 * (the client reconnects and resumes)
 * @param reconnectDelay the retry: delay sent to clients
 * @param queueCapacity frames queued for one slow client before it is disconnected
 * @param maxStreams open streams this node accepts; more get 503 with Retry-After (an
 * EventSource: a hint to reconnect)
 * @param maxTasks tasks one stream may follow; more get 400
 * @param openTimeout time to wait for the broker (subscribe and history) when a stream
 * opens or the broker re-syncs, then 503
 * @param maxConnections the former name of max-streams, read for one more release; null
 * when not set
 */
@ConfigurationProperties("ssegate.stream")
@Validated
public record StreamProperties(@NotNull @DurationMin(millis = 10) @DefaultValue("15s") Duration heartbeatInterval,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("1h") Duration timeout,
		@NotNull @DurationMin(millis = 0) @DefaultValue("3s") Duration reconnectDelay,
		@Min(1) @DefaultValue("1024") int queueCapacity, @Min(1) @DefaultValue("10000") int maxStreams,
		@Min(1) @Max(MAX_TASKS_LIMIT) @DefaultValue("32") int maxTasks,
		@NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration openTimeout,
		@Deprecated(since = "0.1.0", forRemoval = true) @Nullable @Min(1) Integer maxConnections) {

	/** The highest {@code max-tasks}, which bounds the length of a stream's event ids. */
	public static final int MAX_TASKS_LIMIT = 100;

	/**
	 * The open streams this node accepts: {@code max-streams}, or the deprecated
	 * {@code max-connections} where it is still set.
	 * @return the limit
	 */
	@SuppressWarnings("removal")
	public int streamLimit() {
		return (this.maxConnections != null) ? this.maxConnections : this.maxStreams;
	}

}
