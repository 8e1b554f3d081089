package io.ssegate.gateway.stream;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that share the fan-out of wide tasks, one per core. A task's first
 * {@code inlineLimit} followers on a node are written by the thread that delivers the
 * event (the Redis I/O thread); later ones are pinned, round robin, to a lane, so that an
 * event of a task with thousands of subscribers is written on every core while each
 * follower still receives its frames in order. Narrow tasks never pay a hand-off.
 */
final class FanOutLanes implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FanOutLanes.class);

	private final ExecutorService[] lanes;

	private final int inlineLimit;

	private final AtomicInteger next = new AtomicInteger();

	/**
	 * Start the lanes.
	 * @param count how many lanes (threads)
	 * @param inlineLimit how many followers of a task are written inline
	 */
	FanOutLanes(int count, int inlineLimit) {
		ThreadFactory threads = Thread.ofPlatform().daemon().name("ssegate-fan-out-", 1).factory();
		this.lanes = new ExecutorService[count];
		for (int i = 0; i < count; i++) {
			this.lanes[i] = Executors.newSingleThreadExecutor(threads);
		}
		this.inlineLimit = inlineLimit;
	}

	int count() {
		return this.lanes.length;
	}

	int inlineLimit() {
		return this.inlineLimit;
	}

	/**
	 * The lane of a new follower.
	 * @return its index
	 */
	int nextLane() {
		return Math.floorMod(this.next.getAndIncrement(), this.lanes.length);
	}

	/**
	 * Run work on a lane, after what the lane already has.
	 * @param lane the lane's index
	 * @param work the work, which must not block
	 */
	void execute(int lane, Runnable work) {
		try {
			this.lanes[lane].execute(() -> {
				try {
					work.run();
				}
				catch (RuntimeException ex) {
					logger.warn("Fan-out failed", ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the streams are being closed.
		}
	}

	@Override
	public void close() {
		for (ExecutorService lane : this.lanes) {
			lane.shutdown();
		}
	}

}
