package io.ssegate.protocol;

/**
 * What the publish script ({@code publish.lua}) answered for one event.
 *
 * @param id the event id, or for a repeated idempotency key the first event's id
 * @param duplicate whether the idempotency key was already used: nothing was stored or
 * published
 * @param receivers what {@code PUBLISH} (or {@code SPUBLISH}) returned: the number of
 * subscribed connections, one per gateway node that follows the task; {@code 0} for a
 * duplicate
 */
public record Appended(String id, boolean duplicate, long receivers) {

}
