package io.ssegate.gateway.broker;

import java.time.Duration;

import io.ssegate.protocol.HistoryLimits;
import io.ssegate.protocol.TaskKeys;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Task histories, under {@code ssegate.history.*}.
 *
 * @param maxLength events kept per task
 * @param ttl time a history lives after its last event
 * @param keyPrefix prefix of Redis key and channel names (Redis mode); letters, digits, .
 * _ : -, at most 64 characters; must match every publisher's
 */
@ConfigurationProperties("ssegate.history")
@Validated
public record HistoryProperties(
		@Min(1) @Max(100_000) @DefaultValue("" + HistoryLimits.DEFAULT_MAX_LENGTH) int maxLength,
		@NotNull @DurationMin(seconds = 1) @DefaultValue(HistoryLimits.DEFAULT_TTL_SECONDS + "s") Duration ttl,
		@NotNull @DefaultValue(TaskKeys.DEFAULT_PREFIX) String keyPrefix) {

	/**
	 * Create the settings; the key prefix follows the protocol's rule.
	 * @throws IllegalArgumentException if the key prefix is not valid
	 */
	public HistoryProperties {
		new TaskKeys(keyPrefix);
	}

}
