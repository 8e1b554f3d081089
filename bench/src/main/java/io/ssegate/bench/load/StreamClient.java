package io.ssegate.bench.load;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

import io.ssegate.bench.load.Subscriber.State;
import org.HdrHistogram.Histogram;

/**
 * Holds many SSE streams on one selector thread, a few KB each: the
 * {@link SubscriberConnector} keeps them connected, the {@link StreamCounters} count what
 * they receive. Its methods may be called from any thread; they run on the loop's thread.
 */
final class StreamClient implements AutoCloseable {

	private final SelectorLoop<Subscriber> loop = new SelectorLoop<>();

	private final StreamCounters counters;

	private final SubscriberConnector connector;

	/**
	 * Create a client and start its thread.
	 * @param endpoints where streams connect, {@code {task}} standing for the task id
	 * @param maxConnecting how many streams may be connecting at once
	 * @param originNanos the origin of the payloads' scheduled send times
	 * @throws UncheckedIOException if no selector can be opened
	 */
	StreamClient(List<Endpoint> endpoints, int maxConnecting, long originNanos) {
		this.counters = new StreamCounters(originNanos);
		this.connector = new SubscriberConnector(endpoints, maxConnecting, this.loop, this.counters);
		this.loop.start("sse-streams", this.connector);
	}

	/**
	 * Open streams.
	 * @param specs the streams' tasks and first endpoints
	 */
	void open(List<StreamSpec> specs) {
		this.loop.call(() -> {
			this.connector.open(specs);
			return null;
		});
	}

	/**
	 * Wait until a number of streams are open.
	 * @param count the number of open streams to wait for
	 * @param timeout the longest wait
	 * @return whether they opened in time
	 */
	boolean awaitOpen(int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (this.loop.call(() -> Subscriber.countOpen(this.connector.subscribers())) >= count) {
				return true;
			}
			Step.sleep(10);
		}
		return false;
	}

	/**
	 * Take a snapshot of the counters.
	 * @param published for each task, how many of its events the publisher stored
	 * @return the snapshot
	 */
	StreamSnapshot snapshot(AtomicLongArray published) {
		return this.loop.call(() -> this.counters.snapshot(this.connector.subscribers(), published));
	}

	/**
	 * The latencies recorded in a group since the last call.
	 * @param group the latency group
	 * @return the histogram, in microseconds
	 */
	Histogram latencySinceLastCall(int group) {
		return this.counters.latencySinceLastCall(group);
	}

	/**
	 * Stop reading some streams, as clients that hang would, and leave them out of the
	 * figures.
	 * @param which the streams to pause
	 * @return how many were paused
	 */
	int pause(Predicate<Subscriber> which) {
		return this.loop.call(() -> {
			int count = 0;
			for (Subscriber subscriber : this.connector.subscribers()) {
				if (!subscriber.paused && which.test(subscriber)) {
					subscriber.pause();
					count++;
				}
			}
			return count;
		});
	}

	/**
	 * From now on, move each stream that loses its connection to latency group 1, so that
	 * group 0 keeps the streams that were never interrupted.
	 */
	void regroupLostStreams() {
		this.loop.call(() -> {
			this.connector.regroupLostStreams();
			return null;
		});
	}

	/**
	 * From now on, wait the server's {@code retry:} delay before reconnecting a stream
	 * that ended, as {@code EventSource} does (by default a stream reconnects at once).
	 */
	void honorRetry() {
		this.loop.call(() -> {
			this.connector.honorRetry();
			return null;
		});
	}

	/**
	 * Count the streams of latency group 1 (see {@link #regroupLostStreams()}), and those
	 * of them open again since an instant.
	 * @param sinceNanos the instant
	 * @return the number of streams moved, and of those reopened
	 */
	int[] movedAndReopened(long sinceNanos) {
		return this.loop.call(() -> {
			int moved = 0;
			int reopened = 0;
			for (Subscriber subscriber : this.connector.subscribers()) {
				if (subscriber.latencyGroup == 1) {
					moved++;
					reopened += (subscriber.state == State.OPEN && subscriber.openedAtNanos > sinceNanos) ? 1 : 0;
				}
			}
			return new int[] { moved, reopened };
		});
	}

	/**
	 * Forget the outages so far: {@link #outages()} then counts those from now on.
	 */
	void forgetOutages() {
		this.loop.call(() -> {
			for (Subscriber subscriber : this.connector.subscribers()) {
				subscriber.lostAtNanos = 0;
				subscriber.longestOutageNanos = 0;
				subscriber.outages = 0;
			}
			return null;
		});
	}

	/**
	 * The longest time each stream that lost its connection went without an open stream
	 * (from the loss until it was open again for good, answers that only said when to
	 * come back not counting as open), and how many such streams are still not open
	 * again.
	 * @return the histogram of the streams' longest outages, in milliseconds, and the
	 * number still out
	 */
	Outages outages() {
		return this.loop.call(() -> {
			Histogram longest = new Histogram(3);
			int stillOut = 0;
			long now = System.nanoTime();
			for (Subscriber subscriber : this.connector.subscribers()) {
				// Open now: back, however recently (a stream moved a moment ago is no
				// outage
				// that goes on).
				subscriber.endOutage(now + Subscriber.SHORTEST_OPEN_NANOS);
				if (subscriber.lostAtNanos != 0) {
					stillOut++;
				}
				else if (subscriber.outages > 0) {
					longest.recordValue(Math.max(1, subscriber.longestOutageNanos / 1_000_000));
				}
			}
			return new Outages(longest, stillOut);
		});
	}

	/**
	 * Close every stream, without reconnecting.
	 */
	void closeAll() {
		this.loop.call(() -> {
			this.connector.closeAll();
			return null;
		});
	}

	@Override
	public void close() {
		closeAll();
		this.loop.close();
	}

	/**
	 * The outages of the streams.
	 *
	 * @param longestMillis each interrupted stream's longest outage, in milliseconds
	 * @param stillOut the streams still without an open stream
	 */
	record Outages(Histogram longestMillis, int stillOut) {
	}

	/**
	 * A stream to open.
	 *
	 * @param task the task's index
	 * @param taskId the task id
	 * @param endpoint the index of the endpoint to connect to first
	 */
	record StreamSpec(int task, String taskId, int endpoint) {
	}

}
