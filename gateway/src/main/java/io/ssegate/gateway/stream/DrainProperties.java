package io.ssegate.gateway.stream;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Graceful drain on shutdown (SIGTERM), under {@code ssegate.drain.*}.
 *
 * @param gracePeriod longest time the drain waits for streams to close before the node
 * goes on shutting down
 * @param reconnectJitter largest random delay added to each client's {@code retry:} so
 * that the clients of a draining node do not all reconnect at once
 */
@ConfigurationProperties("ssegate.drain")
@Validated
public record DrainProperties(@NotNull @DurationMin(millis = 0) @DefaultValue("20s") Duration gracePeriod,
		@NotNull @DurationMin(millis = 0) @DefaultValue("5s") Duration reconnectJitter) {

}
