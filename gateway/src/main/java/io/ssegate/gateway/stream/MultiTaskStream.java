package io.ssegate.gateway.stream;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.stream.StreamTasks.TaskStart;
import io.ssegate.protocol.EventId;

/**
 * A stream of several tasks. Each event's data is wrapped with its task id, and its id is
 * a {@link MultiTaskEventId} holding every task's last event id, so that one
 * {@code Last-Event-ID} resumes them all. A task that ends leaves the stream; the stream
 * ends with the last of them.
 * <p>
 * Ids are rendered and frames queued under this stream's lock, so that the id a client
 * keeps is that of the last frame it received, whichever task's followers deliver at the
 * same time. A frame is written into one array: the id line from each task's entry, kept
 * as bytes, then the event's lines, which every such stream shares.
 */
final class MultiTaskStream extends ClientStream {

	private static final byte[] ID_START = MultiTaskEventId.PREFIX.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NO_ENTRY = new byte[0];

	private final Map<String, Integer> positions;

	private final byte[][] taskHashes;

	/** Each task's entry in the stream's id; empty until the task has a position. */
	private final byte[][] entries;

	/** The length of the entries together. */
	private int entriesLength;

	/** What a task leaving the stream does: release its subscription. */
	private final Consumer<TaskFollower> leave;

	private int remaining;

	MultiTaskStream(StreamWriter writer, StreamTasks tasks, Consumer<TaskFollower> leave) {
		super(writer);
		List<TaskStart> starts = tasks.tasks();
		this.positions = new HashMap<>(starts.size() * 2);
		this.taskHashes = new byte[starts.size()][];
		this.entries = new byte[starts.size()][];
		for (int position = 0; position < starts.size(); position++) {
			TaskStart start = starts.get(position);
			this.positions.put(start.taskId(), position);
			this.taskHashes[position] = Objects.requireNonNull(start.taskHash()).getBytes(StandardCharsets.US_ASCII);
			// A task the client has seen end keeps its entry: the next reconnect skips
			// it.
			EventId after = start.after();
			this.entries[position] = (after != null) ? MultiTaskEventId.entryBytes(this.taskHashes[position], after)
					: NO_ENTRY;
			this.entriesLength += this.entries[position].length;
		}
		this.leave = leave;
		this.remaining = starts.size();
	}

	@Override
	synchronized boolean deliver(TaskEvent event) {
		if (isEnding()) {
			return false;
		}
		int position = Objects.requireNonNull(this.positions.get(event.taskId()));
		byte[] entry = MultiTaskEventId.entryBytes(this.taskHashes[position], event.id());
		this.entriesLength += entry.length - this.entries[position].length;
		this.entries[position] = entry;
		writer().send(frame(event.multiTaskLines()));
		return true;
	}

	@Override
	SseFrame gapSignal(String taskId, EventId after) {
		return SseFrame.gap(after, taskId);
	}

	@Override
	void taskEnded(TaskFollower follower) {
		this.leave.accept(follower);
		boolean last;
		synchronized (this) {
			last = --this.remaining == 0;
		}
		if (last) {
			writer().completeWhenDrained(StreamEnd.TASK_ENDED);
		}
	}

	private SseFrame frame(byte[] lines) {
		return SseFrame.multiTaskEvent(ID_START, this.entries, this.entriesLength, lines);
	}

}
