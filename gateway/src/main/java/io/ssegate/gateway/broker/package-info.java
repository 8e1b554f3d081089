/**
 * Where events come from: each task's bounded history and the delivery of live events to
 * this node, behind {@link io.ssegate.gateway.broker.EventBroker}. Two brokers: Redis
 * (for several nodes) and the embedded single-node one. Owns the broker's settings,
 * timeouts, exceptions, their HTTP mapping and its health. Never imports the stream code:
 * it delivers through {@link io.ssegate.gateway.broker.EventSink}.
 */
@NullMarked
package io.ssegate.gateway.broker;

import org.jspecify.annotations.NullMarked;
