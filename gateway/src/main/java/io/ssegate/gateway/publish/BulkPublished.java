package io.ssegate.gateway.publish;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Answer of {@code POST /api/events}: the outcome of each event, in the request's order.
 *
 * @param results the outcomes
 */
record BulkPublished(List<Result> results) {

	/**
	 * The outcome of one event: its id when stored, else the status and detail its own
	 * publish request would have been answered with.
	 *
	 * @param taskId the task
	 * @param id the event id, when stored
	 * @param receivers how many gateway nodes were subscribed to the task, when stored
	 * @param status the problem's status, when not stored
	 * @param detail what went wrong, when not stored
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Result(String taskId, @Nullable String id, @Nullable Long receivers, @Nullable Integer status,
			@Nullable String detail) {

	}

}
