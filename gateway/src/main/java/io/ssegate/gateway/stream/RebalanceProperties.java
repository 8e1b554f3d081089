package io.ssegate.gateway.stream;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Spreading streams over the nodes again after restarts, under
 * {@code ssegate.rebalance.*}: a node that holds clearly more than its share ends some of
 * its streams with a jittered {@code retry:}, and their clients resume on whichever node
 * the load balancer picks.
 *
 * @param enabled whether this node ends streams when it holds more than its share
 * @param interval time between two comparisons of this node's streams with the others'
 * @param tolerance how far above the average of all nodes a node may be before it ends
 * streams, as a fraction of the average (0.2: 20 % above)
 * @param minStreamAge how long a stream must have been open on this node before it may be
 * ended, so that no stream moves twice in a row
 * @param maxRate streams a node ends per second at most
 */
@ConfigurationProperties("ssegate.rebalance")
@Validated
public record RebalanceProperties(@DefaultValue("true") boolean enabled,
		@NotNull @DurationMin(millis = 100) @DefaultValue("2s") Duration interval,
		@DecimalMin("0.0") @DefaultValue("0.2") double tolerance,
		@NotNull @DurationMin(millis = 0) @DefaultValue("15s") Duration minStreamAge,
		@Min(1) @DefaultValue("200") int maxRate) {

	/**
	 * The most streams to end in one comparison.
	 * @return the count, at least 1
	 */
	int maxPerCheck() {
		return (int) Math.max(1, this.maxRate * this.interval.toMillis() / 1000);
	}

}
