package io.ssegate.gateway.broker;

import io.ssegate.protocol.Envelope;
import io.ssegate.protocol.EventId;

/**
 * An event as its task's history holds it.
 *
 * @param id the event id
 * @param envelope the event's envelope
 */
public record StoredEvent(EventId id, Envelope envelope) {

}
