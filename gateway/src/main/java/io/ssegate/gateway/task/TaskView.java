package io.ssegate.gateway.task;

import io.ssegate.gateway.broker.TaskState;
import io.ssegate.protocol.Envelope;
import org.jspecify.annotations.Nullable;

/**
 * Answer of {@code GET /api/tasks/{taskId}}.
 *
 * @param taskId the task
 * @param state {@code running}, or {@code ended} once its final event is published
 * @param status the status of its last event ({@code END} or {@code ERROR} when ended),
 * or {@code null} when that event has none
 * @param lastEventId the id of its last event
 * @param length the events its history holds
 * @param oldestEventId the id of the oldest event kept
 * @param followers the open streams that follow it, on every live node
 */
record TaskView(String taskId, String state, @Nullable String status, String lastEventId, long length,
		String oldestEventId, long followers) {

	static TaskView of(String taskId, TaskState state) {
		Envelope last = state.last().envelope();
		return new TaskView(taskId, last.terminal() ? "ended" : "running", last.status(), state.last().id().toString(),
				state.length(), state.oldestId().toString(), state.followers());
	}

}
