/**
 * The demo page's task: {@code POST /api/demo/tasks} starts a task that publishes a few
 * progress events through the broker, then ends. On a node with an HMAC secret, the page
 * follows it with a short-lived token in a cookie; it renews the cookie with {@code POST
 * /api/demo/tasks/{taskId}/token}.
 */
@NullMarked
package io.ssegate.gateway.demo;

import org.jspecify.annotations.NullMarked;
