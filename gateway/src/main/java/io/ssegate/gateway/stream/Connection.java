package io.ssegate.gateway.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.system.GatewayMetrics;
import io.ssegate.notifier.protocol.EventId;

/**
 * One client's stream of one task. Delivers each event at most once and in id order: live
 * events that arrive while the history is being read are held and released after it, and
 * anything at or before the last delivered id is dropped.
 */
final class Connection {

	private final String taskId;

	private final StreamWriter writer;

	private final GatewayMetrics metrics;

	private EventId lastId;

	/**
	 * Readings of the history in progress; live events are held while it is above zero.
	 */
	private int pendingReplays = 1;

	private final List<TaskEvent> held = new ArrayList<>();

	private boolean ended;

	private final AtomicBoolean detached = new AtomicBoolean();

	/**
	 * Create a connection that holds live events until its first {@link #finishReplay}.
	 * @param taskId the task
	 * @param resumeAfter the last id the client has, or {@link EventId#ZERO}
	 * @param writer the writer of the client's stream
	 * @param metrics the meters
	 */
	Connection(String taskId, EventId resumeAfter, StreamWriter writer, GatewayMetrics metrics) {
		this.taskId = taskId;
		this.lastId = resumeAfter;
		this.writer = writer;
		this.metrics = metrics;
	}

	String taskId() {
		return this.taskId;
	}

	synchronized EventId lastId() {
		return this.lastId;
	}

	/**
	 * Deliver a live event, or hold it while the history is being read.
	 * @param event the event
	 */
	synchronized void offerLive(TaskEvent event) {
		if (this.pendingReplays > 0) {
			this.held.add(event);
		}
		else {
			forward(event);
		}
	}

	/**
	 * Hold live events until a matching {@link #finishReplay}.
	 */
	synchronized void beginReplay() {
		this.pendingReplays++;
	}

	/**
	 * Deliver what the history holds after the last delivered id; when no other reading
	 * is pending, release the held live events and go live.
	 * @param replay the history
	 */
	synchronized void finishReplay(Replay replay) {
		if (replay.gap() && !this.ended) {
			this.writer.send(Replay.gapSignal(this.lastId));
		}
		int replayed = 0;
		for (TaskEvent event : replay.events()) {
			replayed += forward(event) ? 1 : 0;
		}
		this.metrics.replayed(replayed);
		this.pendingReplays = Math.max(0, this.pendingReplays - 1);
		if (this.pendingReplays == 0) {
			this.held.forEach(this::forward);
			this.held.clear();
		}
	}

	void send(SseFrame frame) {
		this.writer.send(frame);
	}

	/**
	 * Mark the connection as leaving the registry; true only for the first call.
	 * @return whether this call detached it
	 */
	boolean detach() {
		return this.detached.compareAndSet(false, true);
	}

	void close() {
		this.writer.completeNow();
	}

	/**
	 * End the stream after what is queued and a last frame (a retry hint), so that the
	 * client reconnects and resumes.
	 * @param last the last frame
	 */
	synchronized void endWithRetry(SseFrame last) {
		this.ended = true;
		this.writer.send(last);
		this.writer.completeWhenDrained();
	}

	private boolean forward(TaskEvent event) {
		if (this.ended || !event.id().isAfter(this.lastId)) {
			return false;
		}
		this.lastId = event.id();
		this.writer.send(event.frame());
		this.metrics.delivered();
		if (event.terminal()) {
			this.ended = true;
			this.writer.completeWhenDrained();
		}
		return true;
	}

}
