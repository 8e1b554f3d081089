package io.ssegate.gateway.stream;

import java.time.Duration;
import java.util.List;

import io.ssegate.gateway.broker.NodeLoads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Spreads streams over the nodes again. A load balancer sends each new stream to some
 * node, but the streams a draining node hands over all land on the nodes that stay, and a
 * restarted node starts empty: after a rolling restart, the node restarted last holds
 * nothing and the one restarted first most. So every node reports its open streams
 * ({@link NodeLoads}) at each interval, and one that holds more than the average plus the
 * tolerance ends its excess (at most {@code max-rate} a second) with a jittered
 * {@code retry:} to move, as gRPC's max connection age does: the clients resume, exactly,
 * wherever the balancer sends them. A stream younger than {@code min-stream-age} on this
 * node is never chosen, so no stream moves twice in a row. After it ended some, a node
 * waits until their clients have reconnected and every node has reported since (the
 * longest hint plus two intervals) before it ends more, so that it does not act on counts
 * that predate the move. A draining node stops reporting at once.
 */
class StreamRebalancer implements ApplicationListener<ContextClosedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(StreamRebalancer.class);

	private final StreamRegistry registry;

	private final NodeLoads loads;

	private final RetryHints hints;

	private final Drain drain;

	private final RebalanceProperties properties;

	private final Duration reportLifetime;

	private final StreamMeters meters;

	private final long settleNanos;

	private long settledAtNanos = System.nanoTime();

	private volatile boolean closed;

	StreamRebalancer(StreamRegistry registry, NodeLoads loads, RetryHints hints, Drain drain,
			RebalanceProperties properties, StreamMeters meters) {
		this.registry = registry;
		this.loads = loads;
		this.hints = hints;
		this.drain = drain;
		this.properties = properties;
		this.reportLifetime = properties.interval().multipliedBy(3);
		this.settleNanos = hints.longestMove().plus(properties.interval().multipliedBy(2)).toNanos();
		this.meters = meters;
	}

	/**
	 * Report this node's streams and, when it holds more than its share, end some.
	 */
	synchronized void check() {
		if (this.closed || this.drain.isDraining()) {
			return;
		}
		int here = this.registry.streamCount();
		List<Integer> everyNode;
		try {
			everyNode = this.loads.report(here, this.reportLifetime);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not report this node's streams", ex);
			return;
		}
		if (!this.properties.enabled() || System.nanoTime() - this.settledAtNanos < 0) {
			return;
		}
		int excess = new LoadShare(here, everyNode).excess(this.properties.tolerance());
		if (excess == 0) {
			return;
		}
		List<ClientStream> chosen = this.registry.streamsOpenSince(this.properties.minStreamAge().toNanos(),
				Math.min(excess, this.properties.maxPerCheck()));
		if (chosen.isEmpty()) {
			return;
		}
		chosen.forEach((stream) -> stream.endWithRetry(this.hints.moveNow(), StreamEnd.REBALANCE));
		this.meters.rebalanced(chosen.size());
		this.settledAtNanos = System.nanoTime() + this.settleNanos;
		logger.info("Rebalancing: {} streams here, {} on {} nodes; moving {}", here,
				everyNode.stream().mapToInt(Integer::intValue).sum(), everyNode.size(), chosen.size());
	}

	/**
	 * The node is shutting down: stop counting it among the nodes before it drains.
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.closed = true;
		try {
			this.loads.leave();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not withdraw this node's report", ex);
		}
	}

}
