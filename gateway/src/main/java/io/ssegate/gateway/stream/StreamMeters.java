package io.ssegate.gateway.stream;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The meters of the streams. Prometheus names: the gauges {@code ssegate_streams_active},
 * {@code ssegate_streams_opening} and {@code ssegate_tasks_subscribed};
 * {@code ssegate_streams_opened_total{resume}},
 * {@code ssegate_streams_closed_total{reason}}, the long-task timer
 * {@code ssegate_streams_open_seconds}, {@code ssegate_gap_signals_total},
 * {@code ssegate_events_delivered_total}, {@code ssegate_delivery_latency_seconds}
 * (histogram, until the event is handed to the streams),
 * {@code ssegate_delivery_delay_seconds} (histogram with SLO buckets, until it is
 * written), {@code ssegate_events_replayed_total},
 * {@code ssegate_streams_slow_disconnects_total},
 * {@code ssegate_streams_rejected_total{reason}} and
 * {@code ssegate_streams_rebalanced_total}. The former names of three of them,
 * {@code ssegate_connections_active}, {@code ssegate_connections_slow_disconnects_total}
 * and {@code ssegate_connections_rejected_total{reason}}, count the same for one more
 * release, so that dashboards can move.
 */
@Component
public class StreamMeters {

	private static final String FORMER = "Deprecated, the former name of ";

	/**
	 * The buckets of {@code ssegate_delivery_delay_seconds}: the thresholds an SLO on the
	 * end-to-end delay would pick.
	 */
	private static final Duration[] DELAY_BUCKETS = Stream.of(10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
		.map(Duration::ofMillis)
		.toArray(Duration[]::new);

	private final MeterRegistry registry;

	private final Counter fresh;

	private final Counter resumed;

	private final LongTaskTimer open;

	private final Map<StreamEnd, Counter> closed = new EnumMap<>(StreamEnd.class);

	private final Counter gapSignals;

	private final Timer delay;

	private final Counter delivered;

	private final Timer latency;

	private final Counter replayed;

	private final Counter slowDisconnects;

	private final Counter formerSlowDisconnects;

	private final Counter rebalanced;

	private final Map<String, Counter[]> rejections = new ConcurrentHashMap<>();

	/**
	 * Create the meters.
	 * @param registry where they are registered
	 */
	public StreamMeters(MeterRegistry registry) {
		this.registry = registry;
		this.fresh = opened(registry, false);
		this.resumed = opened(registry, true);
		this.open = LongTaskTimer.builder("ssegate.streams.open")
			.description("Streams open on this node, and how long they have been open")
			.register(registry);
		for (StreamEnd end : StreamEnd.values()) {
			this.closed.put(end,
					Counter.builder("ssegate.streams.closed")
						.description("Streams this node closed after opening them, by reason")
						.tag("reason", end.tag())
						.register(registry));
		}
		this.gapSignals = Counter.builder("ssegate.gap.signals")
			.description("Gap signals sent: a client resumed after events no longer in the history")
			.register(registry);
		this.delay = Timer.builder("ssegate.delivery.delay")
			.description("Time from publish (publisher clock) until a live event was written to the sockets of "
					+ "this node's streams (queued, for a client whose socket is full)")
			.serviceLevelObjectives(DELAY_BUCKETS)
			.minimumExpectedValue(DELAY_BUCKETS[0])
			.maximumExpectedValue(DELAY_BUCKETS[DELAY_BUCKETS.length - 1])
			.register(registry);
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
		this.slowDisconnects = Counter.builder("ssegate.streams.slow.disconnects")
			.description("Streams ended because their outbound queue overflowed")
			.register(registry);
		this.formerSlowDisconnects = Counter.builder("ssegate.connections.slow.disconnects")
			.description(FORMER + "ssegate.streams.slow.disconnects")
			.register(registry);
		this.rebalanced = Counter.builder("ssegate.streams.rebalanced")
			.description("Streams this node ended with a retry hint because it held more than its share")
			.register(registry);
	}

	/**
	 * Track the open streams of this node.
	 * @param streams the number of open client streams
	 * @param tasks the number of tasks with at least one open stream
	 */
	void trackStreams(IntSupplier streams, IntSupplier tasks) {
		Gauge.builder("ssegate.streams.active", streams::getAsInt)
			.description("Open client streams on this node")
			.register(this.registry);
		Gauge.builder("ssegate.connections.active", streams::getAsInt)
			.description(FORMER + "ssegate.streams.active")
			.register(this.registry);
		Gauge.builder("ssegate.tasks.subscribed", tasks::getAsInt)
			.description("Tasks with at least one open stream on this node")
			.register(this.registry);
	}

	/**
	 * Track the opens this node works on at once (see {@link Admission}).
	 * @param opening the number of opens in progress
	 */
	void trackOpening(IntSupplier opening) {
		Gauge.builder("ssegate.streams.opening", opening::getAsInt)
			.description("Stream opens in progress on this node (token, subscribe, history)")
			.register(this.registry);
	}

	private static Counter opened(MeterRegistry registry, boolean resume) {
		return Counter.builder("ssegate.streams.opened")
			.description("Streams this node opened (the client got its first frame), fresh or resumed with "
					+ "Last-Event-ID")
			.tag("resume", Boolean.toString(resume))
			.register(registry);
	}

	/**
	 * A stream opened: its first frame is queued.
	 * @param resume whether the client resumed with a {@code Last-Event-ID}
	 * @return the stream's sample of the open-streams timer, to stop when it closes
	 */
	LongTaskTimer.Sample opened(boolean resume) {
		(resume ? this.resumed : this.fresh).increment();
		return this.open.start();
	}

	/**
	 * A stream that opened has closed.
	 * @param reason why
	 */
	void closed(StreamEnd reason) {
		// Every reason has its counter, registered up front.
		Objects.requireNonNull(this.closed.get(reason)).increment();
	}

	/**
	 * A gap signal was sent.
	 */
	void gapSignalled() {
		this.gapSignals.increment();
	}

	/**
	 * A live event was written to a group of this node's streams (those written inline,
	 * or those of one fan-out lane).
	 * @param publishedAt its publish time, epoch milliseconds
	 */
	void written(long publishedAt) {
		this.delay.record(Math.max(0, System.currentTimeMillis() - publishedAt), TimeUnit.MILLISECONDS);
	}

	/**
	 * An event was handed to a client stream.
	 */
	void delivered() {
		this.delivered.increment();
	}

	/**
	 * This node handed a live event to the streams of its task.
	 * @param publishedAt its publish time, epoch milliseconds
	 */
	void fannedOut(long publishedAt) {
		this.latency.record(Math.max(0, System.currentTimeMillis() - publishedAt), TimeUnit.MILLISECONDS);
	}

	/**
	 * Events were delivered from history.
	 * @param count how many
	 */
	void replayed(int count) {
		this.replayed.increment(count);
	}

	/**
	 * A slow client's stream was ended.
	 */
	void slowStreamEnded() {
		this.slowDisconnects.increment();
		this.formerSlowDisconnects.increment();
	}

	/**
	 * Streams were ended to move to other nodes.
	 * @param count how many
	 */
	void rebalanced(int count) {
		this.rebalanced.increment(count);
	}

	/**
	 * A stream was refused.
	 * @param reason the value of the {@code reason} tag
	 */
	void rejected(String reason) {
		for (Counter counter : rejections(reason)) {
			counter.increment();
		}
	}

	/**
	 * Register the rejection counters up front: a drain refuses streams after Spring Boot
	 * closed the meter registry, where a counter registered only then would not count.
	 * @param reasons the values of the rejection counters' tag
	 */
	void registerRejections(Collection<String> reasons) {
		reasons.forEach(this::rejections);
	}

	private Counter[] rejections(String reason) {
		return this.rejections.computeIfAbsent(reason,
				(tag) -> new Counter[] {
						rejectionCounter("ssegate.streams.rejected", "Streams refused, by reason", tag),
						rejectionCounter("ssegate.connections.rejected", FORMER + "ssegate.streams.rejected", tag) });
	}

	private Counter rejectionCounter(String name, String description, String reason) {
		return Counter.builder(name).description(description).tag("reason", reason).register(this.registry);
	}

}
