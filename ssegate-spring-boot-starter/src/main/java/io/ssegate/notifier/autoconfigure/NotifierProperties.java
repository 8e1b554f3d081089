package io.ssegate.notifier.autoconfigure;

import java.time.Duration;

import io.ssegate.notifier.NotifierOptions;
import io.ssegate.protocol.HistoryLimits;
import io.ssegate.protocol.TaskKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration properties of the auto-configured {@link io.ssegate.notifier.Notifier}
 * ({@code ssegate.notifier.*}). The defaults are those of {@link NotifierOptions}; the
 * values are checked when the notifier is created.
 *
 * @param enabled whether to auto-configure a notifier, {@code true} by default
 * @param redisUrl the Redis URL to connect to with the notifier's own client, such as
 * {@code redis://redis.example.internal:6379}; when not set, the notifier shares the
 * client of Spring Data Redis' Lettuce connection factory, if the application told it
 * where Redis is ({@code spring.data.redis.*}), and otherwise the application fails to
 * start
 * @param keyPrefix the prefix of Redis key and channel names; must match every gateway
 * node's
 * @param historyMaxLength the most events kept per task
 * @param historyTtl how long a task's history lives after its last event
 * @param idempotencyTtl how long an idempotency key is remembered
 * @param timeout how long a publish waits for Redis
 * @param maxPayloadBytes the largest encoded event accepted, in bytes
 */
@ConfigurationProperties("ssegate.notifier")
public record NotifierProperties(@DefaultValue("true") boolean enabled, @Nullable String redisUrl,
		@DefaultValue(TaskKeys.DEFAULT_PREFIX) String keyPrefix,
		@DefaultValue("" + NotifierOptions.DEFAULT_HISTORY_MAX_LENGTH) int historyMaxLength,
		@DefaultValue(HistoryLimits.DEFAULT_TTL_SECONDS + "s") Duration historyTtl,
		@DefaultValue(HistoryLimits.DEFAULT_IDEMPOTENCY_TTL_SECONDS + "s") Duration idempotencyTtl,
		@DefaultValue(NotifierOptions.DEFAULT_TIMEOUT_MILLIS + "ms") Duration timeout,
		@DefaultValue("" + NotifierOptions.DEFAULT_MAX_PAYLOAD_BYTES) int maxPayloadBytes) {

	/**
	 * The notifier options these properties describe.
	 * @return the options
	 * @throws IllegalArgumentException if a value is out of range
	 */
	NotifierOptions toOptions() {
		return NotifierOptions.builder()
			.keyPrefix(this.keyPrefix)
			.historyMaxLength(this.historyMaxLength)
			.historyTtl(this.historyTtl)
			.idempotencyTtl(this.idempotencyTtl)
			.timeout(this.timeout)
			.maxPayloadBytes(this.maxPayloadBytes)
			.build();
	}

}
