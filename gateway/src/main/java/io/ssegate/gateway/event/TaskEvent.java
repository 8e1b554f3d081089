package io.ssegate.gateway.event;

import io.ssegate.protocol.EventId;
import io.ssegate.protocol.TraceContext;
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

	private final boolean endsTask;

	private final long publishedAt;

	private final @Nullable TraceContext trace;

	/** Rendered on first use: most events reach no stream of several tasks. */
	private volatile byte @Nullable [] multiTaskLines;

	/**
	 * Create an event.
	 * @param taskId the task
	 * @param id the event id
	 * @param name the SSE event name, or {@code null} for the default event
	 * @param dataJson the event's data as JSON text ({@code null} when it has none)
	 * @param frame the rendered SSE frame of a single-task stream, shared by all of them
	 * @param endsTask whether the event ends the task (its status is END or ERROR): the
	 * task's final event
	 * @param publishedAt when the event was published, in epoch milliseconds
	 */
	public TaskEvent(String taskId, EventId id, @Nullable String name, String dataJson, SseFrame frame,
			boolean endsTask, long publishedAt) {
		this(taskId, id, name, dataJson, frame, endsTask, publishedAt, null);
	}

	/**
	 * Create an event of a traced publish.
	 * @param taskId the task
	 * @param id the event id
	 * @param name the SSE event name, or {@code null} for the default event
	 * @param dataJson the event's data as JSON text
	 * @param frame the rendered SSE frame of a single-task stream
	 * @param endsTask whether the event ends the task
	 * @param publishedAt when the event was published, in epoch milliseconds
	 * @param trace the publisher's trace context, or {@code null}
	 */
	public TaskEvent(String taskId, EventId id, @Nullable String name, String dataJson, SseFrame frame,
			boolean endsTask, long publishedAt, @Nullable TraceContext trace) {
		this.taskId = taskId;
		this.id = id;
		this.name = name;
		this.dataJson = dataJson;
		this.frame = frame;
		this.endsTask = endsTask;
		this.publishedAt = publishedAt;
		this.trace = trace;
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
	public boolean endsTask() {
		return this.endsTask;
	}

	/**
	 * When the event was published.
	 * @return epoch milliseconds, publisher clock
	 */
	public long publishedAt() {
		return this.publishedAt;
	}

	/**
	 * The publisher's trace context.
	 * @return the W3C context the envelope carried, or {@code null}
	 */
	public @Nullable TraceContext trace() {
		return this.trace;
	}

	/**
	 * The event's lines on a stream of several tasks, but its id
	 * ({@link SseFrame#multiTaskLines}), rendered on first use. Shared by every such
	 * stream: never modify them.
	 * @return the UTF-8 bytes, each line ending with a line feed
	 */
	public byte[] multiTaskLines() {
		byte[] lines = this.multiTaskLines;
		if (lines == null) {
			lines = SseFrame.multiTaskLines(this.name, this.taskId, this.dataJson);
			this.multiTaskLines = lines;
		}
		return lines;
	}

	@Override
	public String toString() {
		return "TaskEvent[" + this.taskId + " " + this.id + "]";
	}

}
