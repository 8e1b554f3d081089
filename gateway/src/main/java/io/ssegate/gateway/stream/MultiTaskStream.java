package io.ssegate.gateway.stream;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * keeps is that of the last frame it received, whichever task's connections deliver at
 * the same time. A frame is written into one array: the id line from each task's entry,
 * kept as bytes, then the event's lines, which every such stream shares.
 */
final class MultiTaskStream extends ClientStream {

	private static final byte[] ID_FIELD = ("id: " + MultiTaskEventId.PREFIX).getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NO_ENTRY = new byte[0];

	private final Map<String, Integer> slots;

	private final byte[][] tags;

	/** Each task's entry in the stream's id; empty until the task has a position. */
	private final byte[][] entries;

	/** The length of the entries together. */
	private int entriesLength;

	/** What a task leaving the stream does: release its subscription. */
	private final Consumer<Connection> leave;

	private int remaining;

	MultiTaskStream(StreamWriter writer, StreamTasks tasks, Consumer<Connection> leave) {
		super(writer);
		List<TaskStart> starts = tasks.tasks();
		this.slots = new HashMap<>(starts.size() * 2);
		this.tags = new byte[starts.size()][];
		this.entries = new byte[starts.size()][];
		for (int slot = 0; slot < starts.size(); slot++) {
			TaskStart start = starts.get(slot);
			this.slots.put(start.taskId(), slot);
			this.tags[slot] = start.tag().getBytes(StandardCharsets.US_ASCII);
			// A task the client has seen end keeps its entry: the next reconnect skips
			// it.
			EventId after = start.after();
			this.entries[slot] = (after != null) ? MultiTaskEventId.entryBytes(this.tags[slot], after) : NO_ENTRY;
			this.entriesLength += this.entries[slot].length;
		}
		this.leave = leave;
		this.remaining = starts.size();
	}

	@Override
	synchronized boolean deliver(TaskEvent event) {
		if (isEnding()) {
			return false;
		}
		int slot = this.slots.get(event.taskId());
		byte[] entry = MultiTaskEventId.entryBytes(this.tags[slot], event.id());
		this.entriesLength += entry.length - this.entries[slot].length;
		this.entries[slot] = entry;
		writer().send(frame(event.multiTaskLines()));
		return true;
	}

	@Override
	SseFrame gapSignal(String taskId, EventId after) {
		return SseFrame.signal("gap", "{\"after\":\"" + after + "\",\"taskId\":\"" + taskId + "\"}");
	}

	@Override
	void taskEnded(Connection connection) {
		this.leave.accept(connection);
		boolean last;
		synchronized (this) {
			last = --this.remaining == 0;
		}
		if (last) {
			writer().completeWhenDrained();
		}
	}

	/**
	 * {@code id: m1<entries>}, a line feed, the event's lines, and the blank line's line
	 * feed, in one array of the exact size.
	 */
	private SseFrame frame(byte[] lines) {
		byte[] frame = new byte[ID_FIELD.length + this.entriesLength + 1 + lines.length + 1];
		System.arraycopy(ID_FIELD, 0, frame, 0, ID_FIELD.length);
		int at = ID_FIELD.length;
		for (byte[] entry : this.entries) {
			System.arraycopy(entry, 0, frame, at, entry.length);
			at += entry.length;
		}
		frame[at++] = '\n';
		System.arraycopy(lines, 0, frame, at, lines.length);
		frame[frame.length - 1] = '\n';
		return SseFrame.ofBytes(frame);
	}

}
