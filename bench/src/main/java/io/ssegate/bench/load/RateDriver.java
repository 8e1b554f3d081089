package io.ssegate.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes events at a fixed rate, round-robin over the tasks, open loop: event
 * {@code i} is due at {@code start + i / rate} whatever happened to the ones before, and
 * its payload carries that due time, so a stalled publisher or server shows up as latency
 * instead of a lower rate. Keeps each task's sequence numbers across runs, and counts the
 * events the system stored.
 */
final class RateDriver {

	private final EventPublisher publisher;

	private final List<String> taskIds;

	private final long[] nextSequence;

	private final AtomicLongArray stored;

	private final AtomicLong pending = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final long originNanos;

	private final int payloadBytes;

	private int nextTask;

	private volatile boolean stopped;

	RateDriver(EventPublisher publisher, List<String> taskIds, long originNanos, int payloadBytes) {
		this.publisher = publisher;
		this.taskIds = List.copyOf(taskIds);
		this.nextSequence = new long[taskIds.size()];
		this.stored = new AtomicLongArray(taskIds.size());
		this.originNanos = originNanos;
		this.payloadBytes = payloadBytes;
	}

	/**
	 * End {@link #run} before its time, from another thread.
	 */
	void stop() {
		this.stopped = true;
	}

	/**
	 * Publish for a while, on the calling thread.
	 * @param ratePerSecond events per second, over all tasks
	 * @param duration how long
	 * @return what was sent
	 */
	Result run(double ratePerSecond, Duration duration) {
		long failuresBefore = this.failures.get();
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		double periodNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
		long sent = 0;
		long maxLagNanos = 0;
		while (true) {
			long due = start + (long) (sent * periodNanos);
			if (due >= end || this.stopped) {
				break;
			}
			long now = System.nanoTime();
			if (due > now) {
				LockSupport.parkNanos(due - now);
			}
			else {
				maxLagNanos = Math.max(maxLagNanos, now - due);
			}
			send(due);
			sent++;
		}
		long elapsed = Math.max(1, System.nanoTime() - start);
		return new Result(sent, sent * 1e9 / elapsed, TimeUnit.NANOSECONDS.toMicros(maxLagNanos),
				this.failures.get() - failuresBefore);
	}

	private void send(long dueNanos) {
		int task = this.nextTask;
		this.nextTask = (task + 1) % this.taskIds.size();
		long sequence = this.nextSequence[task]++;
		String payload = Payload.encode(task, sequence, dueNanos - this.originNanos, this.payloadBytes);
		this.pending.incrementAndGet();
		this.publisher.publish(task, this.taskIds.get(task), payload, (ok) -> {
			if (ok) {
				this.stored.incrementAndGet(task);
			}
			else {
				this.failures.incrementAndGet();
			}
			this.pending.decrementAndGet();
		});
	}

	/**
	 * Wait until every publish has completed.
	 * @param timeout the longest wait
	 * @return whether all completed in time
	 */
	boolean awaitCompletions(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.pending.get() > 0) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		return true;
	}

	/**
	 * For each task, how many of its events the system stored so far.
	 * @return the live counters, indexed by task
	 */
	AtomicLongArray stored() {
		return this.stored;
	}

	/**
	 * What one run sent.
	 *
	 * @param sent events sent
	 * @param achievedRate events per second actually sent
	 * @param maxLagMicros how late the latest event was sent after its due time
	 * @param failures publishes the system did not store
	 */
	record Result(long sent, double achievedRate, long maxLagMicros, long failures) {
	}

}
