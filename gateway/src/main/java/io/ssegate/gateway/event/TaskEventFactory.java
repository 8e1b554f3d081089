package io.ssegate.gateway.event;

import io.ssegate.protocol.Envelope;
import io.ssegate.protocol.EnvelopeCodec;
import io.ssegate.protocol.EventId;

/**
 * Turns protocol envelopes into {@link TaskEvent task events}, rendering the SSE frame
 * once.
 */
public final class TaskEventFactory {

	private final EnvelopeCodec codec;

	/**
	 * Create a factory.
	 * @param codec the envelope codec
	 */
	public TaskEventFactory(EnvelopeCodec codec) {
		this.codec = codec;
	}

	/**
	 * Build the event for an envelope.
	 * @param id the event id
	 * @param envelope the envelope
	 * @return the event
	 */
	public TaskEvent create(EventId id, Envelope envelope) {
		SseFrame frame = SseFrame.event(id.toString(), envelope.event(), this.codec.dataText(envelope.data()));
		return new TaskEvent(envelope.taskId(), id, frame, envelope.terminal(), envelope.publishedAt());
	}

	/**
	 * Build the event for an envelope in its JSON form.
	 * @param id the event id
	 * @param envelopeJson the envelope JSON
	 * @return the event
	 * @throws IllegalArgumentException if the JSON is not a valid envelope
	 */
	public TaskEvent create(EventId id, String envelopeJson) {
		return create(id, this.codec.decode(envelopeJson));
	}

}
