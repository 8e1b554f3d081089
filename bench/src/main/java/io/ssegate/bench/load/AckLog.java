package io.ssegate.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link EventPublisher} that remembers, for each task, which sequence numbers the
 * system acknowledged, so that what a stream missed can be told event by event. Until
 * {@link #release()}, it withholds the events of the quiet tasks (they fail without being
 * sent), so that those tasks have no history yet. Thread-safe.
 */
final class AckLog implements EventPublisher {

	private final EventPublisher publisher;

	private final BitSet[] acked;

	private final int firstQuietTask;

	private final Payload payload = new Payload();

	private final AtomicLong attempted = new AtomicLong();

	private final AtomicLong withheld = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private volatile boolean released;

	/**
	 * Wrap a publisher.
	 * @param publisher the publisher; closed with this one
	 * @param tasks the number of tasks
	 * @param firstQuietTask the index of the first quiet task: tasks from there on are
	 * withheld until {@link #release()} ({@code tasks} for none)
	 */
	AckLog(EventPublisher publisher, int tasks, int firstQuietTask) {
		this.publisher = publisher;
		this.acked = new BitSet[tasks];
		for (int i = 0; i < tasks; i++) {
			this.acked[i] = new BitSet();
		}
		this.firstQuietTask = firstQuietTask;
		this.released = firstQuietTask >= tasks;
	}

	@Override
	public void publish(int task, String taskId, String payload, Completion done) {
		if (task >= this.firstQuietTask && !this.released) {
			this.withheld.incrementAndGet();
			done.completed(false);
			return;
		}
		this.attempted.incrementAndGet();
		long sequence = sequenceOf(payload);
		this.publisher.publish(task, taskId, payload, (stored) -> {
			if (stored) {
				synchronized (this.acked[task]) {
					this.acked[task].set((int) sequence);
				}
			}
			else {
				this.failed.incrementAndGet();
			}
			done.completed(stored);
		});
	}

	/**
	 * From now on, publish the quiet tasks' events too.
	 */
	void release() {
		this.released = true;
	}

	boolean isQuiet(int task) {
		return task >= this.firstQuietTask;
	}

	/**
	 * The sequence numbers of a task the system acknowledged so far.
	 * @param task the task
	 * @return a copy
	 */
	BitSet acked(int task) {
		synchronized (this.acked[task]) {
			return (BitSet) this.acked[task].clone();
		}
	}

	int tasks() {
		return this.acked.length;
	}

	/** Events sent to the system. */
	long attempted() {
		return this.attempted.get();
	}

	/** Events of quiet tasks not sent. */
	long withheld() {
		return this.withheld.get();
	}

	/** Events sent that the system did not acknowledge. */
	long failed() {
		return this.failed.get();
	}

	private long sequenceOf(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		synchronized (this.payload) {
			if (!this.payload.read(bytes, bytes.length)) {
				throw new IllegalArgumentException("Not a benchmark payload: " + text);
			}
			return this.payload.sequence();
		}
	}

	@Override
	public void close() {
		this.publisher.close();
	}

}
