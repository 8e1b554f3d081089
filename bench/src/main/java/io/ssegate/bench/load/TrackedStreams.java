package io.ssegate.bench.load;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

import io.ssegate.bench.load.StreamClient.StreamSpec;
import io.ssegate.bench.load.Subscriber.State;
import org.HdrHistogram.Histogram;

/**
 * Streams held like a {@link StreamClient}'s (one selector thread, {@link Subscriber}s
 * that reconnect at once with {@code Last-Event-ID}, counted by {@link StreamCounters}),
 * that also keep, for each stream, the sequence numbers it received and the {@code gap}
 * signals it got and when: what the chaos soak needs to tell events lost with a gap
 * signal from events lost silently. The connection policy is
 * {@link SubscriberConnector}'s, which shows this class every event.
 */
final class TrackedStreams implements AutoCloseable {

	private static final String GAP = "gap";

	private final SelectorLoop<Subscriber> loop = new SelectorLoop<>();

	private final StreamCounters counters;

	private final SubscriberConnector connector;

	private final Payload payload = new Payload();

	/** By subscriber index; owned by the loop's thread. */
	private final List<Track> tracks = new ArrayList<>();

	/**
	 * Create the streams' client and start its thread.
	 * @param endpoints where streams connect, {@code {task}} standing for the task id
	 * @param maxConnecting how many streams may be connecting at once
	 * @param originNanos the origin of the payloads' scheduled send times
	 */
	TrackedStreams(List<Endpoint> endpoints, int maxConnecting, long originNanos) {
		this.counters = new StreamCounters(originNanos);
		this.connector = new SubscriberConnector(endpoints, maxConnecting, this.loop, this.counters, this::onEvent);
		this.loop.start("soak-streams", this.connector);
	}

	/**
	 * Open streams and wait until they are all open.
	 * @param specs the streams' tasks and first endpoints
	 * @param timeoutNanos the longest wait
	 * @return whether all opened in time
	 */
	boolean open(List<StreamSpec> specs, long timeoutNanos) {
		this.loop.call(() -> {
			specs.forEach((spec) -> this.tracks.add(new Track()));
			this.connector.open(specs);
			return null;
		});
		long deadline = System.nanoTime() + timeoutNanos;
		while (System.nanoTime() < deadline) {
			if (openCount() == specs.size()) {
				return true;
			}
			Step.sleep(20);
		}
		return false;
	}

	int openCount() {
		return this.loop.call(() -> Subscriber.countOpen(this.connector.subscribers()));
	}

	/**
	 * Run something on the loop's thread with every stream, for a consistent view.
	 * @param <T> the type of the result
	 * @param reader what to run
	 * @return its result
	 */
	<T> T read(Function<List<StreamView>, T> reader) {
		return this.loop.call(() -> {
			List<Subscriber> subscribers = this.connector.subscribers();
			List<StreamView> views = new ArrayList<>(subscribers.size());
			for (int i = 0; i < subscribers.size(); i++) {
				views.add(new StreamView(subscribers.get(i), this.tracks.get(i)));
			}
			return reader.apply(views);
		});
	}

	/**
	 * Drop the connections of some open streams, as a network would: each resumes at once
	 * through the balancer with {@code Last-Event-ID}, and may land on another node.
	 * @param count how many
	 * @param random picks them
	 * @return how many were dropped
	 */
	int drop(int count, Random random) {
		return this.loop.call(() -> {
			List<Subscriber> subscribers = this.connector.subscribers();
			int dropped = 0;
			for (int attempt = 0; attempt < count * 4 && dropped < count && !subscribers.isEmpty(); attempt++) {
				if (this.connector.drop(subscribers.get(random.nextInt(subscribers.size())))) {
					dropped++;
				}
			}
			return dropped;
		});
	}

	/**
	 * The latencies of first deliveries since the last call.
	 * @return the histogram, in microseconds
	 */
	Histogram latencySinceLastCall() {
		return this.counters.latencySinceLastCall(0);
	}

	/**
	 * The counters of the streams' connections and events.
	 * @return a snapshot (without delivery figures, which the soak computes itself)
	 */
	StreamSnapshot connectionCounters() {
		return this.loop.call(() -> this.counters.snapshot(List.of(), new AtomicLongArray(0)));
	}

	/**
	 * The responses the streams got, by status.
	 * @return the counts, by status
	 */
	Map<Integer, Long> statuses() {
		return this.loop.call(this.connector::statuses);
	}

	/**
	 * Close every stream for good, without reconnecting; what they received stays.
	 */
	void closeAll() {
		this.loop.call(() -> {
			this.connector.stopAll();
			return null;
		});
	}

	@Override
	public void close() {
		closeAll();
		this.loop.close();
	}

	private void onEvent(Subscriber subscriber, byte[] data, int length) {
		Track track = this.tracks.get(subscriber.index);
		if (GAP.equals(subscriber.parser.eventName())) {
			track.gapNanos.add(System.nanoTime());
			track.lastGapData = new String(data, 0, length, StandardCharsets.UTF_8);
		}
		else if (this.payload.read(data, length) && this.payload.task() == subscriber.task) {
			track.received.set((int) this.payload.sequence());
		}
	}

	/**
	 * What one stream received besides the counters: the sequence numbers and the gap
	 * signals. Owned by the loop's thread.
	 */
	static final class Track {

		final BitSet received = new BitSet();

		final List<Long> gapNanos = new ArrayList<>(1);

		String lastGapData = "";

	}

	/**
	 * One stream as seen on the loop's thread, valid during
	 * {@link TrackedStreams#read(Function)}.
	 *
	 * @param subscriber the subscriber (its ledger, parser and state)
	 * @param track what was tracked for it
	 */
	record StreamView(Subscriber subscriber, Track track) {
	}

}
