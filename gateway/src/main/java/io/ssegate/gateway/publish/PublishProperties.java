package io.ssegate.gateway.publish;

import java.time.Duration;

import io.ssegate.notifier.NotifierOptions;
import io.ssegate.protocol.HistoryLimits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Publishing, under {@code ssegate.publish.*}: the HTTP publish API's limits, and what
 * the broker is given for every publish (see {@code GatewayConfiguration}).
 *
 * @param timeout time to wait for the broker to store an event, then 503
 * @param maxPayloadBytes largest encoded event accepted
 * @param idempotencyTtl time an Idempotency-Key is remembered
 * @param maxBatchEvents most events in one bulk request (POST /api/events)
 * @param maxBatchBytes largest body of a bulk request
 */
@ConfigurationProperties("ssegate.publish")
@Validated
public record PublishProperties(
		@NotNull @DurationMin(millis = 1) @DefaultValue(NotifierOptions.DEFAULT_TIMEOUT_MILLIS + "ms") Duration timeout,
		@Min(1) @DefaultValue("" + NotifierOptions.DEFAULT_MAX_PAYLOAD_BYTES) int maxPayloadBytes,
		@NotNull @DurationMin(
				seconds = 1) @DefaultValue(HistoryLimits.DEFAULT_IDEMPOTENCY_TTL_SECONDS + "s") Duration idempotencyTtl,
		@Min(1) @Max(10_000) @DefaultValue("1000") int maxBatchEvents,
		@NotNull @DefaultValue("1MB") DataSize maxBatchBytes) {

}
