package io.ssegate.gateway.broker;

import io.ssegate.protocol.EventId;

/**
 * What the broker knows of a task that has a history.
 *
 * @param length the events its history holds
 * @param oldestId the id of the oldest event kept
 * @param last its last event; the task has ended when that event is terminal
 * @param followers the open streams that follow the task, on every live node
 */
public record TaskState(long length, EventId oldestId, StoredEvent last, long followers) {

}
