package io.ssegate.gateway.broker;

import java.time.Duration;

/**
 * What the broker is told by the features that use it: how long to wait for Redis, and
 * the bounds of what it stores.
 *
 * @param openTimeout time to wait for Redis when a stream subscribes and reads a history,
 * or the broker re-syncs
 * @param publishTimeout time to wait for Redis to store an event
 * @param maxPayloadBytes largest encoded event stored
 * @param idempotencyTtl time an idempotency key is remembered
 */
public record BrokerLimits(Duration openTimeout, Duration publishTimeout, int maxPayloadBytes,
		Duration idempotencyTtl) {

}
