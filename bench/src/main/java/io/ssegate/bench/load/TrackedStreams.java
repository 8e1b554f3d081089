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
 * {@link SubscriberConnector}'s; it is repeated here because that one creates its
 * subscribers with its own event listener.
 */
final class TrackedStreams implements SelectorLoop.Handler<Subscriber>, StreamExchange.Listener, AutoCloseable {

	private static final long RETRY_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final String GAP = "gap";

	private final SelectorLoop<Subscriber> loop = new SelectorLoop<>();

	private final List<Endpoint> endpoints;

	private final int maxConnecting;

	private final StreamCounters counters;

	private final StreamExchange exchange;

	private final Payload payload = new Payload();

	private final List<Subscriber> subscribers = new ArrayList<>();

	private final List<Track> tracks = new ArrayList<>();

	private final ArrayDeque<Subscriber> connectQueue = new ArrayDeque<>();

	private final Map<Integer, Long> statuses = new TreeMap<>();

	private int connecting;

	/**
	 * Create the streams' client and start its thread.
	 * @param endpoints where streams connect, {@code {task}} standing for the task id
	 * @param maxConnecting how many streams may be connecting at once
	 * @param originNanos the origin of the payloads' scheduled send times
	 */
	TrackedStreams(List<Endpoint> endpoints, int maxConnecting, long originNanos) {
		this.endpoints = List.copyOf(endpoints);
		this.maxConnecting = maxConnecting;
		this.counters = new StreamCounters(originNanos);
		this.exchange = new StreamExchange(this.counters, this);
		this.loop.start("soak-streams", this);
	}

	/**
	 * Open streams and wait until they are all open.
	 * @param specs the streams' tasks and first endpoints
	 * @param timeoutNanos the longest wait
	 * @return whether all opened in time
	 */
	boolean open(List<StreamSpec> specs, long timeoutNanos) {
		this.loop.call(() -> {
			for (StreamSpec spec : specs) {
				Subscriber subscriber = new Subscriber(this.subscribers.size(), spec.task(), spec.taskId(),
						spec.endpoint(), this::onEvent);
				this.subscribers.add(subscriber);
				this.tracks.add(new Track());
				enqueueConnect(subscriber);
			}
			pumpConnects();
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
		return this.loop.call(() -> Subscriber.countOpen(this.subscribers));
	}

	/**
	 * Run something on the loop's thread with every stream, for a consistent view.
	 * @param <T> the type of the result
	 * @param reader what to run
	 * @return its result
	 */
	<T> T read(Function<List<StreamView>, T> reader) {
		return this.loop.call(() -> {
			List<StreamView> views = new ArrayList<>(this.subscribers.size());
			for (int i = 0; i < this.subscribers.size(); i++) {
				views.add(new StreamView(this.subscribers.get(i), this.tracks.get(i)));
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
			int dropped = 0;
			for (int attempt = 0; attempt < count * 4 && dropped < count && !this.subscribers.isEmpty(); attempt++) {
				Subscriber subscriber = this.subscribers.get(random.nextInt(this.subscribers.size()));
				if (subscriber.state == State.OPEN) {
					lost(subscriber);
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
		return this.loop.call(() -> new TreeMap<>(this.statuses));
	}

	/**
	 * Close every stream for good, without reconnecting; what they received stays.
	 */
	void closeAll() {
		this.loop.call(() -> {
			this.subscribers.forEach(this::closeForGood);
			this.connectQueue.clear();
			this.loop.cancelTimers();
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
		this.exchange.onEvent(subscriber, data, length);
	}

	// --- The connection policy of SubscriberConnector --------------------------------

	@Override
	public void beforeSelect() {
		pumpConnects();
	}

	@Override
	public void onConnectable(Subscriber subscriber) throws IOException {
		if (subscriber.connection.finishConnect()) {
			this.exchange.writeRequest(subscriber);
		}
	}

	@Override
	public void onWritable(Subscriber subscriber) throws IOException {
		this.exchange.writeRequest(subscriber);
	}

	@Override
	public void onReadable(Subscriber subscriber) throws IOException {
		this.exchange.read(subscriber);
	}

	@Override
	public void onFailure(Subscriber subscriber) {
		lost(subscriber);
	}

	@Override
	public void afterStop() {
		this.subscribers.forEach(this::closeForGood);
	}

	@Override
	public void onHead(Subscriber subscriber, int status, long readAtNanos) {
		this.connecting--;
		this.statuses.merge(status, 1L, Long::sum);
		if (status == 200) {
			subscriber.state = State.OPEN;
			subscriber.openedAtNanos = readAtNanos;
			subscriber.failedAttempts = 0;
			this.counters.opened();
			return;
		}
		this.counters.httpError();
		subscriber.disconnect();
		if (status == 204) {
			subscriber.state = State.CLOSED;
			return;
		}
		subscriber.state = State.IDLE;
		retryLater(subscriber);
	}

	@Override
	public void onEnd(Subscriber subscriber) {
		lost(subscriber);
	}

	private void enqueueConnect(Subscriber subscriber) {
		subscriber.state = State.QUEUED;
		this.connectQueue.add(subscriber);
	}

	private void pumpConnects() {
		while (this.connecting < this.maxConnecting && !this.connectQueue.isEmpty()) {
			Subscriber subscriber = this.connectQueue.poll();
			if (subscriber.state == State.QUEUED) {
				connect(subscriber);
			}
		}
	}

	private void connect(Subscriber subscriber) {
		Endpoint endpoint = this.endpoints.get(subscriber.endpoint);
		this.exchange.begin(subscriber, endpoint);
		subscriber.state = State.CONNECTING;
		this.connecting++;
		try {
			subscriber.connection.connect(this.loop, endpoint.address(), SelectionKey.OP_WRITE, subscriber);
		}
		catch (IOException ex) {
			lost(subscriber);
		}
	}

	private void lost(Subscriber subscriber) {
		if (subscriber.state == State.CONNECTING) {
			this.connecting--;
			this.counters.connectFailed();
			subscriber.failedAttempts++;
		}
		else if (subscriber.state == State.OPEN) {
			this.counters.disconnected();
		}
		subscriber.disconnect();
		if (subscriber.state == State.CLOSED || !this.loop.isRunning()) {
			return;
		}
		subscriber.state = State.IDLE;
		subscriber.endpoint = (subscriber.endpoint + 1) % this.endpoints.size();
		if (subscriber.failedAttempts >= this.endpoints.size()) {
			retryLater(subscriber);
		}
		else {
			enqueueConnect(subscriber);
			pumpConnects();
		}
	}

	private void retryLater(Subscriber subscriber) {
		subscriber.failedAttempts = 0;
		this.loop.schedule(RETRY_DELAY_NANOS, () -> {
			if (subscriber.state == State.IDLE) {
				enqueueConnect(subscriber);
			}
		});
	}

	private void closeForGood(Subscriber subscriber) {
		if (subscriber.state == State.CONNECTING) {
			this.connecting--;
		}
		subscriber.state = State.CLOSED;
		subscriber.disconnect();
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
