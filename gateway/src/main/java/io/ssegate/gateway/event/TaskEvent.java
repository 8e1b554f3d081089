package io.ssegate.gateway.event;

import io.ssegate.protocol.EventId;
import org.jspecify.annotations.Nullable;

/**
 * An event of a task, ready to be written to every local subscriber.
 *
 * @param taskId the task
 * @param id the event id
 * @param name the SSE event name, or {@code null} for the default event
 * @param dataJson the event's data as JSON text ({@code null} when it has none)
 * @param frame the rendered SSE frame of a single-task stream, shared by all of them
 * @param terminal whether the event ends the task
 * @param publishedAt when the event was published, in epoch milliseconds
 */
public record TaskEvent(String taskId, EventId id, @Nullable String name, String dataJson, SseFrame frame,
		boolean terminal, long publishedAt) {

	/**
	 * The event's frame on a stream of several tasks: its data wrapped with its task id,
	 * {@code {"taskId":"<taskId>","data":<data>}}, under the stream's own id.
	 * @param streamEventId the stream's id after this event
	 * @return the frame
	 */
	public SseFrame multiTaskFrame(String streamEventId) {
		return SseFrame.event(streamEventId, this.name,
				"{\"taskId\":\"" + this.taskId + "\",\"data\":" + this.dataJson + "}");
	}

}
