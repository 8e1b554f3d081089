package io.ssegate.gateway.event;

import io.ssegate.protocol.EventId;

/**
 * An event of a task, ready to be written to every local subscriber.
 *
 * @param taskId the task
 * @param id the event id
 * @param frame the rendered SSE frame
 * @param terminal whether the event ends the task
 * @param publishedAt when the event was published, in epoch milliseconds
 */
public record TaskEvent(String taskId, EventId id, SseFrame frame, boolean terminal, long publishedAt) {

}
