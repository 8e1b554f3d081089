package io.ssegate.gateway.event;

import java.nio.charset.StandardCharsets;

import io.ssegate.protocol.EventId;
import org.jspecify.annotations.Nullable;

/**
 * An event of a task, ready to be written to every local subscriber: its frame on a
 * stream of one task is rendered once; its lines on streams of several tasks, on first
 * use.
 */
public final class TaskEvent {

	private final String taskId;

	private final EventId id;

	private final @Nullable String name;

	private final String dataJson;

	private final SseFrame frame;

	private final boolean terminal;

	private final long publishedAt;

	/** Rendered on first use: most events reach no stream of several tasks. */
	private volatile byte @Nullable [] multiTaskLines;

	/**
	 * Create an event.
	 * @param taskId the task
	 * @param id the event id
	 * @param name the SSE event name, or {@code null} for the default event
	 * @param dataJson the event's data as JSON text ({@code null} when it has none)
	 * @param frame the rendered SSE frame of a single-task stream, shared by all of them
	 * @param terminal whether the event ends the task
	 * @param publishedAt when the event was published, in epoch milliseconds
	 */
	public TaskEvent(String taskId, EventId id, @Nullable String name, String dataJson, SseFrame frame,
			boolean terminal, long publishedAt) {
		this.taskId = taskId;
		this.id = id;
		this.name = name;
		this.dataJson = dataJson;
		this.frame = frame;
		this.terminal = terminal;
		this.publishedAt = publishedAt;
	}

	/**
	 * The task.
	 * @return the task id
	 */
	public String taskId() {
		return this.taskId;
	}

	/**
	 * The event id.
	 * @return the id
	 */
	public EventId id() {
		return this.id;
	}

	/**
	 * The frame of a single-task stream, shared by all of them.
	 * @return the frame
	 */
	public SseFrame frame() {
		return this.frame;
	}

	/**
	 * Whether the event ends the task.
	 * @return {@code true} for END and ERROR
	 */
	public boolean terminal() {
		return this.terminal;
	}

	/**
	 * When the event was published.
	 * @return epoch milliseconds, publisher clock
	 */
	public long publishedAt() {
		return this.publishedAt;
	}

	/**
	 * The event's lines on a stream of several tasks, but its id: its name, and its data
	 * wrapped with its task id, {@code {"taskId":"<taskId>","data":<data>}}, on one
	 * {@code data:} line (JSON holds no line break). Shared by every such stream: never
	 * modify them.
	 * @return the UTF-8 bytes, each line ending with a line feed
	 */
	public byte[] multiTaskLines() {
		byte[] lines = this.multiTaskLines;
		if (lines == null) {
			String event = (this.name != null) ? "event: " + this.name + "\n" : "";
			lines = (event + "data: {\"taskId\":\"" + this.taskId + "\",\"data\":" + this.dataJson + "}\n")
				.getBytes(StandardCharsets.UTF_8);
			this.multiTaskLines = lines;
		}
		return lines;
	}

	@Override
	public String toString() {
		return "TaskEvent[" + this.taskId + " " + this.id + "]";
	}

}
