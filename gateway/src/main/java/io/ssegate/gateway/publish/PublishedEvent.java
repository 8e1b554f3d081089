package io.ssegate.gateway.publish;

/**
 * Answer of {@code POST /api/tasks/{taskId}/events}.
 *
 * @param taskId the task
 * @param id the event id, also its SSE {@code id:}
 */
record PublishedEvent(String taskId, String id) {

}
