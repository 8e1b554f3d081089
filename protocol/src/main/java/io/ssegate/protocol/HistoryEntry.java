package io.ssegate.protocol;

/**
 * One entry of a task's history, as stored in its Redis Stream.
 *
 * @param id the event id (the stream entry id)
 * @param envelopeJson the envelope JSON text (field {@value #ENVELOPE_FIELD})
 */
public record HistoryEntry(EventId id, String envelopeJson) {

	/** The stream field holding the envelope JSON. */
	public static final String ENVELOPE_FIELD = "e";

	/** The stream field holding {@code 1} for a terminal event, {@code 0} otherwise. */
	public static final String TERMINAL_FIELD = "t";

}
