package io.ssegate.gateway.stream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.system.GatewayMetrics;
import io.ssegate.protocol.EventId;

/**
 * One client's stream of one task. Delivers each event at most once and in id order:
 * while the history is being read (when the stream opens, and when the broker re-syncs
 * after losing live delivery), live and history events are held, then released together
 * in id order; anything at or before the last delivered id is dropped.
 */
final class Connection {

	private final String taskId;

	private final StreamWriter writer;

	private final GatewayMetrics metrics;

	private EventId lastId;

	/** Whether the stream's own reading of the history is still to come. */
	private boolean opening = true;

	/** Broker re-syncs pending since this connection was suspended. */
	private int suspensions;

	/** Live and history events held while a reading of the history is pending. */
	private final List<Held> held = new ArrayList<>();

	/** Whether a pending reading found events missing from the history. */
	private boolean gap;

	private boolean ended;

	private final AtomicBoolean detached = new AtomicBoolean();

	/**
	 * Create a connection that holds live events until {@link #finishOpen}.
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
	 * Deliver a live event, or hold it while a reading of the history is pending.
	 * @param event the event
	 */
	synchronized void offerLive(TaskEvent event) {
		if (isReading()) {
			this.held.add(new Held(event, false));
		}
		else {
			forward(event);
		}
	}

	/**
	 * The broker lost live delivery: hold live events until {@link #finishResync}.
	 */
	synchronized void suspend() {
		this.suspensions++;
	}

	/**
	 * The stream's own reading of the history, after the client's last id, is done.
	 * @param replay the history
	 */
	synchronized void finishOpen(Replay replay) {
		this.opening = false;
		merge(replay);
	}

	/**
	 * A re-sync of the broker read the history. Counts down only a suspension this
	 * connection saw: a stream that opened meanwhile still waits for its own reading,
	 * which may start before this one.
	 * @param replay the history
	 */
	synchronized void finishResync(Replay replay) {
		this.suspensions = Math.max(0, this.suspensions - 1);
		merge(replay);
	}

	private boolean isReading() {
		return this.opening || this.suspensions > 0;
	}

	/**
	 * Hold a reading's events with the live ones; once no reading is pending, deliver
	 * them all in id order, each once.
	 */
	private void merge(Replay replay) {
		this.gap |= replay.gap();
		replay.events().forEach((event) -> this.held.add(new Held(event, true)));
		if (isReading()) {
			return;
		}
		if (this.gap && !this.ended) {
			this.writer.send(Replay.gapSignal(this.lastId));
		}
		this.gap = false;
		this.held.sort(Comparator.comparing((Held entry) -> entry.event().id()));
		int replayed = 0;
		for (Held entry : this.held) {
			replayed += (forward(entry.event()) && entry.replayed()) ? 1 : 0;
		}
		this.held.clear();
		this.metrics.replayed(replayed);
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

	/**
	 * An event held while the history is read, and whether it came from the history.
	 */
	private record Held(TaskEvent event, boolean replayed) {

	}

}
