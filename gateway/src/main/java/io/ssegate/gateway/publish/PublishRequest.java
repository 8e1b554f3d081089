package io.ssegate.gateway.publish;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/tasks/{taskId}/events}.
 *
 * @param event the SSE event name, or {@code null} for the default {@code message} event
 * @param data any JSON value: a string is delivered as-is, anything else as JSON text
 * @param status the task status, e.g. {@code RUNNING}; {@code END} and {@code ERROR} end
 * the task
 */
record PublishRequest(@Nullable String event, @Nullable JsonNode data, @Nullable String status) {

}
