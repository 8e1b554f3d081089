package io.ssegate.gateway.event;

import io.ssegate.protocol.Envelope;
import io.ssegate.protocol.EnvelopeCodec;
import io.ssegate.protocol.EventId;
import tools.jackson.databind.JsonNode;

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
		JsonNode data = envelope.data();
		String text = this.codec.dataText(data);
		// Other JSON than a string is delivered as its JSON text already.
		String json = (data.isString() || data.isNull()) ? this.codec.jsonText(data) : text;
		SseFrame frame = SseFrame.event(id.toString(), envelope.event(), text);
		return new TaskEvent(envelope.taskId(), id, envelope.event(), json, frame, envelope.terminal(),
				envelope.publishedAt(), envelope.trace());
	}

	/**
	 * Build the event for an envelope in its JSON form.
	 * @param id the event id
	 * @param envelopeJson the envelope JSON
	 * @return the event
	 * @throws IllegalArgumentException if the JSON is not a valid envelope
	 */
	public TaskEvent create(EventId id, String envelopeJson) {
		return create(id, decode(envelopeJson));
	}

	/**
	 * Read an envelope from its JSON text.
	 * @param envelopeJson the envelope JSON
	 * @return the envelope
	 * @throws IllegalArgumentException if the JSON is not a valid envelope
	 */
	public Envelope decode(String envelopeJson) {
		return this.codec.decode(envelopeJson);
	}

}
