/**
 * The demo page's task: {@code POST /api/demo/tasks} starts a task that publishes a few
 * progress events through the broker, then ends.
 */
@NullMarked
package io.ssegate.gateway.demo;

import org.jspecify.annotations.NullMarked;
