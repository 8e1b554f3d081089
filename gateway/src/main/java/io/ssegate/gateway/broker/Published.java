package io.ssegate.gateway.broker;

/**
 * An event the broker stored and published.
 *
 * @param id the event id (for a repeated idempotency key, the first event's id)
 * @param receivers how many gateway nodes were subscribed to the task when it was
 * published (on Redis, what {@code PUBLISH}/{@code SPUBLISH} returned; on the embedded
 * broker, 1 when this node holds a stream of the task, else 0); 0 for a repeated
 * idempotency key
 */
public record Published(String id, long receivers) {

}
