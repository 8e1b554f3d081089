package io.ssegate.gateway.stream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.protocol.EventId;

/**
 * One task of a client's stream. Delivers each event at most once and in id order: while
 * the history is being read (when the stream opens, and when the broker re-syncs after
 * losing live delivery), live and history events are held, then released together in id
 * order; anything at or before the last delivered id is dropped.
 */
final class TaskFollower {

	private final String taskId;

	private final ClientStream stream;

	private final StreamMeters metrics;

	private EventId lastId;

	/** Whether the stream's own reading of the history is still to come. */
	private boolean opening = true;

	/** Broker re-syncs pending since this follower was suspended. */
	private int suspensions;

	/** Live and history events held while a reading of the history is pending. */
	private final List<Held> held = new ArrayList<>();

	/** Whether a pending reading found events missing from the history. */
	private boolean gap;

	private boolean ended;

	private final AtomicBoolean detached = new AtomicBoolean();

	/**
	 * Create a follower that holds live events until {@link #openedWith}.
	 * @param taskId the task
	 * @param resumeAfter the last id the client has, or {@link EventId#ZERO}
	 * @param stream the client's stream
	 * @param metrics the meters
	 */
	TaskFollower(String taskId, EventId resumeAfter, ClientStream stream, StreamMeters metrics) {
		this.taskId = taskId;
		this.lastId = resumeAfter;
		this.stream = stream;
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
	 * The broker lost live delivery: hold live events until {@link #resyncedWith}.
	 */
	synchronized void suspend() {
		this.suspensions++;
	}

	/**
	 * The stream's own reading of the history, after the client's last id, is done.
	 * @param replay the history
	 */
	synchronized void openedWith(Replay replay) {
		this.opening = false;
		merge(replay);
	}

	/**
	 * A re-sync of the broker read the history. Counts down only a suspension this
	 * follower saw: a stream that opened meanwhile still waits for its own reading, which
	 * may start before this one.
	 * @param replay the history
	 */
	synchronized void resyncedWith(Replay replay) {
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
		if (this.gap && !this.ended && !this.stream.isEnding()) {
			this.stream.send(this.stream.gapSignal(this.taskId, this.lastId));
			this.metrics.gapSignalled();
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

	/**
	 * Mark the follower as leaving the registry; true only for the first call.
	 * @return whether this call detached it
	 */
	boolean detach() {
		return this.detached.compareAndSet(false, true);
	}

	/**
	 * Close the client's stream, and with it every task of the stream: the broker lost
	 * the task's events.
	 */
	void close() {
		this.stream.close(StreamEnd.BROKER);
	}

	private boolean forward(TaskEvent event) {
		if (this.ended || !event.id().isAfter(this.lastId) || !this.stream.deliver(event)) {
			return false;
		}
		this.lastId = event.id();
		this.metrics.delivered();
		if (event.endsTask()) {
			this.ended = true;
			this.stream.taskEnded(this);
		}
		return true;
	}

	/**
	 * An event held while the history is read, and whether it came from the history.
	 */
	private record Held(TaskEvent event, boolean replayed) {

	}

}
