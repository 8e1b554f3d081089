package io.ssegate.bench.load;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a {@link StreamClient} counts: how its connections went, and for every event read
 * as a {@link Payload}, whether it is a first delivery, a duplicate or reordered (in each
 * subscriber's {@link SequenceLedger}) and its latency from its scheduled send time.
 * Counts on the client's loop thread; the latencies may be read from any thread.
 */
final class StreamCounters {

	/** Latency histograms: group 0, and group 1 for the subscribers moved there. */
	static final int LATENCY_GROUPS = 2;

	private final long originNanos;

	private final Payload payload = new Payload();

	private final Recorder[] latency = new Recorder[LATENCY_GROUPS];

	private long opens;

	private long disconnects;

	private long connectFailures;

	private long httpErrors;

	private long malformed;

	private long misrouted;

	/**
	 * Create the counters.
	 * @param originNanos the origin of the payloads' scheduled send times
	 */
	StreamCounters(long originNanos) {
		this.originNanos = originNanos;
		for (int i = 0; i < LATENCY_GROUPS; i++) {
			this.latency[i] = new Recorder(3);
		}
	}

	/** A response with status 200 arrived. */
	void opened() {
		this.opens++;
	}

	/** An open stream lost its connection. */
	void disconnected() {
		this.disconnects++;
	}

	/** A connect or request failed before a response head. */
	void connectFailed() {
		this.connectFailures++;
	}

	/** A response with another status than 200 arrived. */
	void httpError() {
		this.httpErrors++;
	}

	/** A response was not HTTP/1.1. */
	void malformed() {
		this.malformed++;
	}

	/**
	 * Count an event.
	 * @param subscriber who received it
	 * @param data its data
	 * @param length the length of the data
	 * @param receivedNanos when its bytes were read
	 */
	void event(Subscriber subscriber, byte[] data, int length, long receivedNanos) {
		if (!this.payload.read(data, length)) {
			this.malformed++;
			return;
		}
		if (this.payload.task() != subscriber.task) {
			this.misrouted++;
			return;
		}
		if (subscriber.excluded) {
			return;
		}
		if (subscriber.ledger.record(this.payload.sequence())) {
			long micros = (receivedNanos - this.originNanos - this.payload.scheduledNanos()) / 1000;
			this.latency[subscriber.latencyGroup].recordValue(Math.max(1, micros));
		}
	}

	/**
	 * The latencies recorded in a group since the last call.
	 * @param group the latency group
	 * @return the histogram, in microseconds
	 */
	Histogram latencySinceLastCall(int group) {
		return this.latency[group].getIntervalHistogram();
	}

	/**
	 * Take a snapshot of the counters.
	 * @param subscribers every subscriber
	 * @param published for each task, how many of its events the publisher stored
	 * @return the snapshot
	 */
	StreamSnapshot snapshot(List<Subscriber> subscribers, AtomicLongArray published) {
		int counted = 0;
		long expected = 0;
		long delivered = 0;
		long missing = 0;
		long duplicates = 0;
		long reordered = 0;
		for (Subscriber subscriber : subscribers) {
			if (subscriber.excluded) {
				continue;
			}
			long storedOfTask = (subscriber.task < published.length()) ? published.get(subscriber.task) : 0;
			counted++;
			expected += storedOfTask;
			delivered += subscriber.ledger.unique();
			missing += subscriber.ledger.missing(storedOfTask);
			duplicates += subscriber.ledger.duplicates();
			reordered += subscriber.ledger.reordered();
		}
		return new StreamSnapshot(System.nanoTime(), subscribers.size(), Subscriber.countOpen(subscribers), counted,
				this.opens, this.disconnects, this.connectFailures, this.httpErrors, expected, delivered, missing,
				duplicates, reordered, this.malformed, this.misrouted);
	}

}
