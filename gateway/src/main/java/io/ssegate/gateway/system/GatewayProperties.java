package io.ssegate.gateway.system;

import java.time.Duration;

import io.ssegate.notifier.NotifierOptions;
import io.ssegate.notifier.protocol.TaskKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of a gateway node, under {@code ssegate.*}.
 *
 * @param stream settings of the SSE streams
 * @param history settings of each task's event history
 * @param publish settings of the HTTP publish API
 * @param drain settings of the graceful drain on shutdown
 * @param demo settings of the demo task
 */
@ConfigurationProperties("ssegate")
@Validated
public record GatewayProperties(@Valid @DefaultValue Stream stream, @Valid @DefaultValue History history,
		@Valid @DefaultValue Publish publish, @Valid @DefaultValue Drain drain, @Valid @DefaultValue Demo demo) {

	/**
	 * SSE streams.
	 *
	 * @param heartbeatInterval time between heartbeat comments on every stream
	 * @param timeout time after which a stream is closed, plus up to a tenth of it at
	 * random (the client reconnects and resumes)
	 * @param reconnectDelay the {@code retry:} delay sent to clients
	 * @param queueCapacity frames queued for one slow client before it is disconnected
	 * @param openTimeout time to wait for the broker (subscribe and history) when a
	 * stream opens
	 * @param maxConnections open streams this node accepts; more get 503 with Retry-After
	 */
	public record Stream(@NotNull @DurationMin(millis = 10) @DefaultValue("15s") Duration heartbeatInterval,
			@NotNull @DurationMin(seconds = 1) @DefaultValue("1h") Duration timeout,
			@NotNull @DurationMin(millis = 0) @DefaultValue("3s") Duration reconnectDelay,
			@Min(1) @DefaultValue("1024") int queueCapacity,
			@NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration openTimeout,
			@Min(1) @DefaultValue("10000") int maxConnections) {
	}

	/**
	 * Graceful drain on shutdown (SIGTERM).
	 *
	 * @param gracePeriod longest time the drain waits for streams to close before the
	 * node goes on shutting down
	 * @param reconnectJitter largest random delay added to each client's {@code retry:}
	 * so that the clients of a draining node do not all reconnect at once
	 */
	public record Drain(@NotNull @DurationMin(millis = 0) @DefaultValue("20s") Duration gracePeriod,
			@NotNull @DurationMin(millis = 0) @DefaultValue("5s") Duration reconnectJitter) {
	}

	/**
	 * Task histories.
	 *
	 * @param maxLength events kept per task
	 * @param ttl time a history lives after its last event
	 * @param keyPrefix prefix of Redis key and channel names (Redis mode)
	 */
	public record History(@Min(1) @Max(100_000) @DefaultValue("1000") int maxLength,
			@NotNull @DurationMin(seconds = 1) @DefaultValue("24h") Duration ttl, @NotNull @Pattern(
					regexp = "[A-Za-z0-9._:-]{0,64}") @DefaultValue(TaskKeys.DEFAULT_PREFIX) String keyPrefix) {
	}

	/**
	 * The HTTP publish API.
	 *
	 * @param timeout time to wait for the broker to store an event
	 * @param maxPayloadBytes largest encoded event accepted
	 * @param idempotencyTtl time an {@code Idempotency-Key} is remembered
	 */
	public record Publish(@NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration timeout,
			@Min(1) @DefaultValue("65536") int maxPayloadBytes,
			@NotNull @DurationMin(seconds = 1) @DefaultValue("24h") Duration idempotencyTtl) {
	}

	/**
	 * The demo page's task.
	 *
	 * @param enabled whether {@code POST /api/demo/tasks} may start demo tasks
	 * @param steps progress events per demo task
	 * @param stepInterval time between two progress events
	 */
	public record Demo(@DefaultValue("true") boolean enabled, @Min(1) @Max(100) @DefaultValue("10") int steps,
			@NotNull @DurationMin(millis = 1) @DefaultValue("500ms") Duration stepInterval) {
	}

	/**
	 * The notifier options these settings select.
	 * @return the options
	 */
	public NotifierOptions notifierOptions() {
		return NotifierOptions.builder()
			.keyPrefix(this.history.keyPrefix())
			.historyMaxLength(this.history.maxLength())
			.historyTtl(this.history.ttl())
			.idempotencyTtl(this.publish.idempotencyTtl())
			.timeout(this.publish.timeout())
			.maxPayloadBytes(this.publish.maxPayloadBytes())
			.build();
	}

}
