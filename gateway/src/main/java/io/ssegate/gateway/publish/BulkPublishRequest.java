package io.ssegate.gateway.publish;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/events}: events of one task or of several, published in list
 * order.
 *
 * @param events the events
 */
record BulkPublishRequest(@Nullable List<Item> events) {

	/**
	 * One event of a bulk request: {@link PublishRequest}'s fields, with its task and its
	 * idempotency key.
	 *
	 * @param taskId the task
	 * @param event the SSE event name, or {@code null} for {@code message}
	 * @param data any JSON value
	 * @param status the task status; {@code END} and {@code ERROR} end the task
	 * @param idempotencyKey what {@code Idempotency-Key} is for one event, or
	 * {@code null}
	 */
	record Item(@Nullable String taskId, @Nullable String event, @Nullable JsonNode data, @Nullable String status,
			@Nullable String idempotencyKey) {

	}

}
