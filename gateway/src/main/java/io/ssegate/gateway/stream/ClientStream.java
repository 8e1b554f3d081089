package io.ssegate.gateway.stream;

import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.protocol.EventId;

/**
 * One client's response: the frames of the tasks it follows, each task through its
 * {@link TaskFollower}, written by one {@link StreamWriter}.
 */
abstract sealed class ClientStream permits SingleTaskStream, MultiTaskStream {

	private final StreamWriter writer;

	/** When the stream opened, on {@link System#nanoTime()}'s clock. */
	private final long openedAtNanos = System.nanoTime();

	/** Whether the stream is ending with a retry hint: events after it are dropped. */
	private volatile boolean ending;

	ClientStream(StreamWriter writer) {
		this.writer = writer;
	}

	/**
	 * Write an event of one of the stream's tasks, unless the stream is ending. Followers
	 * call this in their task's id order.
	 * @param event the event
	 * @return whether the event was written (or queued to be)
	 */
	abstract boolean deliver(TaskEvent event);

	/**
	 * The signal that events of a task were lost.
	 * @param taskId the task
	 * @param after the id the task resumed after
	 * @return the frame
	 */
	abstract SseFrame gapSignal(String taskId, EventId after);

	/**
	 * A task has ended for this client: its final event was delivered, or the client
	 * already had it.
	 * @param follower the task's follower
	 */
	abstract void taskEnded(TaskFollower follower);

	final StreamWriter writer() {
		return this.writer;
	}

	final boolean isEnding() {
		return this.ending;
	}

	/**
	 * Whether the stream has been open at least a while on this node.
	 * @param nanos the while, in nanoseconds
	 * @param nowNanos now, on {@link System#nanoTime()}'s clock
	 * @return whether it opened that long ago or earlier
	 */
	final boolean isOpenSince(long nanos, long nowNanos) {
		return nowNanos - this.openedAtNanos >= nanos;
	}

	/**
	 * Write a frame that belongs to no task (heartbeat, retry hint, signal).
	 * @param frame the frame
	 */
	final void send(SseFrame frame) {
		this.writer.send(frame);
	}

	/**
	 * End the stream after what is queued and a last frame (a retry hint), so that the
	 * client reconnects and resumes.
	 * @param last the last frame
	 * @param reason why
	 */
	final void endWithRetry(SseFrame last, StreamEnd reason) {
		this.ending = true;
		this.writer.send(last);
		this.writer.completeWhenDrained(reason);
	}

	/**
	 * Complete the stream now, dropping what is queued.
	 * @param reason why
	 */
	final void close(StreamEnd reason) {
		this.writer.completeNow(reason);
	}

}
