package io.ssegate.gateway.publish;

/**
 * Answer of {@code POST /api/tasks/{taskId}/events}.
 *
 * @param taskId the task
 * @param id the event id, also its SSE {@code id:}
 * @param receivers how many gateway nodes were subscribed to the task (0 for a repeated
 * idempotency key: nothing was published again)
 */
record PublishedEvent(String taskId, String id, long receivers) {

}
