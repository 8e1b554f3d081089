package io.ssegate.gateway.stream;

import java.time.Duration;

import jakarta.validation.constraints.Min;
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
 * @param reconnectJitter largest retry: of a client that moves to another node (drained,
 * rebalanced, or refused by a full or draining node), so that such clients do not all
 * reconnect at once; also the largest random delay added to the reconnect delay of a
 * client told to come back later (broker unavailable, token expired)
 * @param maxRate streams a draining node ends per second at most, so that its clients
 * reach the other nodes as a stream they can open rather than a storm; faster when the
 * grace period would not allow it (every stream is ended within half of it)
 */
@ConfigurationProperties("ssegate.drain")
@Validated
public record DrainProperties(@NotNull @DurationMin(millis = 0) @DefaultValue("20s") Duration gracePeriod,
		@NotNull @DurationMin(millis = 0) @DefaultValue("1s") Duration reconnectJitter,
		@Min(1) @DefaultValue("500") int maxRate) {

}
