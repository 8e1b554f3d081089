package io.ssegate.gateway.system;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The gateway's meters. Prometheus names: {@code ssegate_events_delivered_total},
 * {@code ssegate_delivery_latency_seconds} (histogram),
 * {@code ssegate_events_replayed_total},
 * {@code ssegate_connections_slow_disconnects_total},
 * {@code ssegate_connections_rejected_total{reason}},
 * {@code ssegate_auth_failures_total{reason}}, {@code ssegate_redis_reconnects_total},
 * {@code ssegate_redis_resubscriptions_total},
 * {@code ssegate_redis_topology_changes_total},
 * {@code ssegate_redis_subscriptions_mismatched_total},
 * {@code ssegate_publish_requests_seconds{status}} (the HTTP publish API), and the gauges
 * {@code ssegate_connections_active} and {@code ssegate_tasks_subscribed}.
 */
@Component
public class GatewayMetrics {

	private final MeterRegistry registry;

	private final Counter delivered;

	private final Timer latency;

	private final Counter replayed;

	private final Counter slowDisconnects;

	private final Counter redisReconnects;

	private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

	private final Map<Integer, Timer> publishes = new ConcurrentHashMap<>();

	private final Counter resubscriptions;

	private final Counter topologyChanges;

	private final Counter mismatchedSubscriptions;

	public GatewayMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.delivered = Counter.builder("ssegate.events.delivered")
			.description("Events handed to client streams (live and replayed)")
			.register(registry);
		this.latency = Timer.builder("ssegate.delivery.latency")
			.description("Time from publish (publisher clock) until this node has handed a live event to its streams")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(registry);
		this.replayed = Counter.builder("ssegate.events.replayed")
			.description("Events delivered from a task's history (resume, late subscriber, re-sync)")
			.register(registry);
		this.slowDisconnects = Counter.builder("ssegate.connections.slow.disconnects")
			.description("Clients disconnected because their outbound queue overflowed")
			.register(registry);
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
	}

	/**
	 * Track the open streams of this node.
	 * @param connections the number of open client streams
	 * @param tasks the number of tasks with at least one open stream
	 */
	public void trackConnections(IntSupplier connections, IntSupplier tasks) {
		Gauge.builder("ssegate.connections.active", connections::getAsInt)
			.description("Open client streams on this node")
			.register(this.registry);
		Gauge.builder("ssegate.tasks.subscribed", tasks::getAsInt)
			.description("Tasks with at least one open stream on this node")
			.register(this.registry);
	}

	/**
	 * An event was handed to a client stream.
	 */
	public void delivered() {
		this.delivered.increment();
	}

	/**
	 * This node handed a live event to the streams of its task.
	 * @param publishedAt its publish time, epoch milliseconds
	 */
	public void fannedOut(long publishedAt) {
		this.latency.record(Math.max(0, System.currentTimeMillis() - publishedAt), TimeUnit.MILLISECONDS);
	}

	/**
	 * Events were delivered from history.
	 * @param count how many
	 */
	public void replayed(int count) {
		this.replayed.increment(count);
	}

	/**
	 * A slow client was disconnected.
	 */
	public void slowConsumerDisconnected() {
		this.slowDisconnects.increment();
	}

	/**
	 * A stream was refused.
	 * @param reason the value of the {@code reason} tag
	 */
	public void rejected(String reason) {
		rejections(reason).increment();
	}

	/**
	 * Register the rejection counters up front: a drain refuses streams after Spring Boot
	 * closed the meter registry, where a counter registered only then would not count.
	 * @param reasons the values of the {@code reason} tag
	 */
	public void registerRejections(Collection<String> reasons) {
		reasons.forEach(this::rejections);
	}

	private Counter rejections(String reason) {
		return this.rejections.computeIfAbsent(reason,
				(tag) -> Counter.builder("ssegate.connections.rejected")
					.description("Streams refused, by reason")
					.tag("reason", tag)
					.register(this.registry));
	}

	/**
	 * The HTTP publish API answered a request.
	 * @param status the answer's status code
	 * @param nanos the time from the request's start until the answer
	 */
	public void publishAnswered(int status, long nanos) {
		this.publishes
			.computeIfAbsent(status,
					(code) -> Timer.builder("ssegate.publish.requests")
						.description("Requests to the HTTP publish API, by the status of the answer")
						.tag("status", Integer.toString(code))
						.register(this.registry))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * A request failed authentication or authorization.
	 * @param reason {@code missing}, {@code invalid} or {@code forbidden}
	 */
	public void authFailure(String reason) {
		this.registry.counter("ssegate.auth.failures", "reason", reason).increment();
	}

	/**
	 * A re-sync subscribed task channels again.
	 * @param count how many
	 */
	public void resubscribed(int count) {
		this.resubscriptions.increment(count);
	}

	/**
	 * A Redis Cluster change ended subscriptions of this node.
	 */
	public void topologyChanged() {
		this.topologyChanges.increment();
	}

	/**
	 * The periodic check found task channels not subscribed where their slot lives.
	 * @param count how many
	 */
	public void subscriptionsMismatched(int count) {
		this.mismatchedSubscriptions.increment(count);
	}

	/**
	 * The Redis pub/sub connection came back.
	 */
	public void redisReconnected() {
		this.redisReconnects.increment();
	}

}
