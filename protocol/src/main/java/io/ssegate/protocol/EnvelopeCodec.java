package io.ssegate.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@link Envelope envelopes} as JSON, with Jackson 3 (an optional
 * dependency of this module: those who use this class bring it). Writes through
 * {@link EnvelopeWriter}. Thread-safe.
 */
public final class EnvelopeCodec {

	private final JsonMapper mapper;

	/**
	 * Create a codec with its own JSON mapper.
	 */
	public EnvelopeCodec() {
		this.mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	/**
	 * Write an envelope as JSON text.
	 * @param envelope the envelope
	 * @return its JSON text
	 */
	public String encode(Envelope envelope) {
		return EnvelopeWriter.write(envelope.taskId(), envelope.event(),
				this.mapper.writeValueAsString(envelope.data()), envelope.status(), envelope.publishedAt(),
				envelope.trace());
	}

	/**
	 * The envelope of a new event, stamped now, as JSON text within a size limit
	 * ({@link EnvelopeWriter#writeNew}).
	 * @param taskId the task id
	 * @param event the event name, or {@code null} for the default event
	 * @param data an application value (a string, a map, a record, ...), or {@code null}
	 * @param status the status, or {@code null}
	 * @param maxBytes the largest encoded envelope accepted, in UTF-8 bytes
	 * @return the envelope JSON
	 * @throws IllegalArgumentException if a field is invalid or the data cannot be
	 * written as JSON
	 * @throws EventTooLargeException if the text is larger than the limit
	 */
	public String encodeNew(String taskId, @Nullable String event, @Nullable Object data, @Nullable String status,
			int maxBytes) {
		return EnvelopeWriter.writeNew(taskId, event, this.mapper.writeValueAsString(toData(data)), status, maxBytes);
	}

	/**
	 * The envelope of a new event, stamped now, as an object, for a broker that delivers
	 * it in this process: checked against the same size limit as
	 * {@link #encodeNew(String, String, Object, String, int)}, on its encoded size.
	 * @param taskId the task id
	 * @param event the event name, or {@code null} for the default event
	 * @param data an application value (a string, a map, a record, ...), or {@code null}
	 * @param status the status, or {@code null}
	 * @param maxBytes the largest encoded envelope accepted, in UTF-8 bytes
	 * @return the envelope
	 * @throws IllegalArgumentException if a field is invalid or the data cannot be
	 * written as JSON
	 * @throws EventTooLargeException if its text would be larger than the limit
	 */
	public Envelope createNew(String taskId, @Nullable String event, @Nullable Object data, @Nullable String status,
			int maxBytes) {
		return createNew(taskId, event, data, status, null, maxBytes);
	}

	/**
	 * The envelope of a new event of a traced publish, stamped now, as an object: as
	 * {@link #createNew(String, String, Object, String, int)}, with the publisher's trace
	 * context.
	 * @param taskId the task id
	 * @param event the event name, or {@code null} for the default event
	 * @param data an application value, or {@code null}
	 * @param status the status, or {@code null}
	 * @param trace the publisher's trace context, or {@code null}
	 * @param maxBytes the largest encoded envelope accepted, in UTF-8 bytes
	 * @return the envelope
	 * @throws IllegalArgumentException if a field is invalid or the data cannot be
	 * written as JSON
	 * @throws EventTooLargeException if its text would be larger than the limit
	 */
	public Envelope createNew(String taskId, @Nullable String event, @Nullable Object data, @Nullable String status,
			@Nullable TraceContext trace, int maxBytes) {
		JsonNode json = toData(data);
		long publishedAt = System.currentTimeMillis();
		EnvelopeWriter.requireWithin(
				EnvelopeWriter.write(taskId, event, this.mapper.writeValueAsString(json), status, publishedAt, trace),
				taskId, maxBytes);
		return Envelope.of(taskId, event, json, status, publishedAt, trace);
	}

	/**
	 * Read an envelope from its JSON text.
	 * @param json the JSON text
	 * @return the envelope
	 * @throws IllegalArgumentException if the text is not a valid envelope
	 */
	public Envelope decode(String json) {
		Envelope envelope;
		try {
			envelope = this.mapper.readValue(json, Envelope.class);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Invalid envelope: " + ex.getOriginalMessage(), ex);
		}
		if (envelope == null) {
			throw new IllegalArgumentException("Invalid envelope: JSON null");
		}
		return envelope;
	}

	/**
	 * Convert an application value (a string, a map, a record, ...) into the JSON data of
	 * an envelope.
	 * @param value the value, may be {@code null}
	 * @return the JSON value
	 * @throws IllegalArgumentException if the value cannot be written as JSON
	 */
	public JsonNode toData(@Nullable Object value) {
		try {
			return this.mapper.valueToTree(value);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Data cannot be written as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Write the data of an envelope as SSE data: a JSON string as-is, JSON {@code null}
	 * as empty text, any other value as its JSON text.
	 * @param data the JSON data
	 * @return the text to deliver
	 */
	public String dataText(JsonNode data) {
		if (data.isString()) {
			return data.stringValue();
		}
		return data.isNull() ? "" : this.mapper.writeValueAsString(data);
	}

	/**
	 * Write a JSON value as JSON text.
	 * @param value the value
	 * @return its JSON text, on one line
	 */
	public String jsonText(JsonNode value) {
		return this.mapper.writeValueAsString(value);
	}

}
