/**
 * The HTTP publish API ({@code POST /api/tasks/{taskId}/events}) for services that do not
 * use notifier-client: checks the request and the publish token, then publishes through
 * the broker.
 */
@NullMarked
package io.ssegate.gateway.publish;

import org.jspecify.annotations.NullMarked;
