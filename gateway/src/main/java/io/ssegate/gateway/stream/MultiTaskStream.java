package io.ssegate.gateway.stream;

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
 * the same time.
 */
final class MultiTaskStream extends ClientStream {

	private final Map<String, Integer> slots;

	private final String[] tags;

	/** Each task's entry in the stream's id; empty until the task has an event. */
	private final String[] entries;

	/** What a task leaving the stream does: release its subscription. */
	private final Consumer<Connection> leave;

	private int remaining;

	MultiTaskStream(StreamWriter writer, StreamTasks tasks, Consumer<Connection> leave) {
		super(writer);
		List<TaskStart> starts = tasks.tasks();
		this.slots = new HashMap<>(starts.size() * 2);
		this.tags = new String[starts.size()];
		this.entries = new String[starts.size()];
		for (int slot = 0; slot < starts.size(); slot++) {
			TaskStart start = starts.get(slot);
			this.slots.put(start.taskId(), slot);
			this.tags[slot] = start.tag();
			// A task the client has seen end keeps its entry: the next reconnect skips
			// it.
			this.entries[slot] = (start.after() != null) ? MultiTaskEventId.entry(this.tags[slot], start.after()) : "";
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
		this.entries[slot] = MultiTaskEventId.entry(this.tags[slot], event.id());
		writer().send(event.multiTaskFrame(eventId()));
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

	private String eventId() {
		StringBuilder id = new StringBuilder(MultiTaskEventId.PREFIX);
		for (String entry : this.entries) {
			id.append(entry);
		}
		return id.toString();
	}

}
