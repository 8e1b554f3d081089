package io.ssegate.notifier;

/**
 * What Redis answered for a published event.
 *
 * @param id the event id (for a repeated idempotency key, the first event's id)
 * @param receivers the number of connections subscribed to the task's channel when it was
 * published, as {@code PUBLISH} (or {@code SPUBLISH}) counts them: one per gateway node
 * that follows the task; {@code 0} when nobody followed it yet (the event is still in the
 * history) or for a repeated idempotency key (nothing was published again)
 */
public record Receipt(String id, long receivers) {

}
