/**
 * The HTTP publish API for services that do not use notifier-client: {@code POST
 * /api/tasks/{taskId}/events} (one event) and {@code POST /api/events} (several), served
 * by Jetty handlers in front of the Servlet container. Checks the request and the publish
 * token, then publishes through the broker and answers when it has stored the events.
 */
@NullMarked
package io.ssegate.gateway.publish;

import org.jspecify.annotations.NullMarked;
