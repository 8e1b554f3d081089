/**
 * The task API for backends and clients that poll: a task's state, its history as JSON,
 * and ending it ({@code GET}/{@code DELETE /api/tasks/{taskId}}, {@code GET
 * /api/tasks/{taskId}/events}). Allowed with a publish token, through the broker. Owns
 * the task API's settings.
 */
@NullMarked
package io.ssegate.gateway.task;

import org.jspecify.annotations.NullMarked;
