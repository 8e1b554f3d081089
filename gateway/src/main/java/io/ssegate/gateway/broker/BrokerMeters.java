package io.ssegate.gateway.broker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The meters of the Redis broker. Prometheus names:
 * {@code ssegate_redis_reconnects_total}, {@code ssegate_redis_resubscriptions_total},
 * {@code ssegate_redis_topology_changes_total},
 * {@code ssegate_redis_subscriptions_mismatched_total},
 * {@code ssegate_envelopes_trace_malformed_total}, and the gauge
 * {@code ssegate_broker_available} (see {@link #availability(EventBroker)}).
 */
final class BrokerMeters {

	private final Counter redisReconnects;

	private final Counter resubscriptions;

	private final Counter topologyChanges;

	private final Counter mismatchedSubscriptions;

	private final Counter malformedTraceparents;

	BrokerMeters(MeterRegistry registry) {
		this.redisReconnects = Counter.builder("ssegate.redis.reconnects")
			.description("Times the Redis pub/sub connection came back after a loss")
			.register(registry);
		this.resubscriptions = Counter.builder("ssegate.redis.resubscriptions")
			.description("Task channels subscribed again by a re-sync (outage, failover, slot moved)")
			.register(registry);
		this.topologyChanges = Counter.builder("ssegate.redis.topology.changes")
			.description("Redis Cluster changes that ended subscriptions of this node (unsubscribed by the server, "
					+ "node connection back)")
			.register(registry);
		this.mismatchedSubscriptions = Counter.builder("ssegate.redis.subscriptions.mismatched")
			.description("Task channels the periodic check found not subscribed on the node that owns their slot")
			.register(registry);
		this.malformedTraceparents = Counter.builder("ssegate.envelopes.trace.malformed")
			.description("Live events whose envelope had a malformed traceparent: delivered, their trace ignored")
			.register(registry);
	}

	/**
	 * A live event's envelope had a malformed {@code traceparent}.
	 */
	void malformedTraceparent() {
		this.malformedTraceparents.increment();
	}

	/**
	 * The gauge {@code ssegate_broker_available}: 1 while the broker delivers live events
	 * (as the {@code broker} health indicator says), 0 while its Redis connection is
	 * lost; read at each scrape, so that an alert sees it per node.
	 * @param broker the node's broker
	 * @return the binder that registers the gauge
	 */
	static MeterBinder availability(EventBroker broker) {
		return (registry) -> Gauge.builder("ssegate.broker.available", broker, (it) -> it.isAvailable() ? 1 : 0)
			.description("Whether this node's event broker is available (1) or its Redis connection is lost (0)")
			.register(registry);
	}

	/**
	 * A re-sync subscribed task channels again.
	 * @param count how many
	 */
	void resubscribed(int count) {
		this.resubscriptions.increment(count);
	}

	/**
	 * A Redis Cluster change ended subscriptions of this node.
	 */
	void topologyChanged() {
		this.topologyChanges.increment();
	}

	/**
	 * The periodic check found task channels not subscribed where their slot lives.
	 * @param count how many
	 */
	void subscriptionsMismatched(int count) {
		this.mismatchedSubscriptions.increment(count);
	}

	/**
	 * The Redis pub/sub connection came back.
	 */
	void redisReconnected() {
		this.redisReconnects.increment();
	}

}
