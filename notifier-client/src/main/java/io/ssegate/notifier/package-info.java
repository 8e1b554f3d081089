/**
 * Publishes task events to Redis so that every ssegate gateway node can deliver them to
 * the browsers following the task. Start with {@link io.ssegate.notifier.Notifier}.
 */
@NullMarked
package io.ssegate.notifier;

import org.jspecify.annotations.NullMarked;
