package io.ssegate.bench.naive;

import org.jspecify.annotations.Nullable;

/**
 * An application event: something happened in a task.
 *
 * @param taskId the task
 * @param name the SSE event name, or {@code null}
 * @param data the data
 * @param status the task status, or {@code null}; END and ERROR end the task
 */
record NaiveEvent(String taskId, @Nullable String name, @Nullable Object data, @Nullable String status) {

	boolean isTerminal() {
		return "END".equals(this.status) || "ERROR".equals(this.status);
	}

}
