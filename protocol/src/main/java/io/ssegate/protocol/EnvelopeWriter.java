package io.ssegate.protocol;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Writes the JSON text of {@link Envelope envelopes} around data that is JSON text
 * already, with no JSON library: the one place that writes the wire format, so that
 * publishers without Jackson 3 (notifier-client) write the same bytes as
 * {@link EnvelopeCodec}, which writes with it too.
 */
public final class EnvelopeWriter {

	private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

	private EnvelopeWriter() {
	}

	/**
	 * The envelope of a new event, stamped now, as JSON text within a size limit: the one
	 * place where publishers (notifier-client, the gateway's embedded broker) build
	 * envelopes and apply their payload limit.
	 * @param taskId the task id
	 * @param event the event name, or {@code null} for the default event
	 * @param dataJson the data as the text of one JSON value, such as {@code "50%"} (with
	 * its quotes, see {@link #quote(String)}), {@code {"percent":50}} or {@code null}
	 * @param status the status, or {@code null}
	 * @param maxBytes the largest encoded envelope accepted, in UTF-8 bytes
	 * @return the envelope JSON
	 * @throws IllegalArgumentException if a field is invalid
	 * @throws EventTooLargeException if the text is larger than the limit
	 */
	public static String writeNew(String taskId, @Nullable String event, String dataJson, @Nullable String status,
			int maxBytes) {
		return writeNew(taskId, event, dataJson, status, null, maxBytes);
	}

	/**
	 * The envelope of a new event of a traced publish, stamped now, as JSON text within a
	 * size limit: as {@link #writeNew(String, String, String, String, int)}, with the
	 * publisher's trace context.
	 * @param taskId the task id
	 * @param event the event name, or {@code null} for the default event
	 * @param dataJson the data as the text of one JSON value
	 * @param status the status, or {@code null}
	 * @param trace the publisher's trace context, or {@code null} for none
	 * @param maxBytes the largest encoded envelope accepted, in UTF-8 bytes
	 * @return the envelope JSON
	 * @throws IllegalArgumentException if a field is invalid
	 * @throws EventTooLargeException if the text is larger than the limit
	 */
	public static String writeNew(String taskId, @Nullable String event, String dataJson, @Nullable String status,
			@Nullable TraceContext trace, int maxBytes) {
		return requireWithin(write(taskId, event, dataJson, status, System.currentTimeMillis(), trace), taskId,
				maxBytes);
	}

	/**
	 * Check an envelope's size.
	 * @param json the envelope JSON
	 * @param taskId its task
	 * @param maxBytes the largest size accepted, in UTF-8 bytes
	 * @return the JSON
	 * @throws EventTooLargeException if it is larger
	 */
	static String requireWithin(String json, String taskId, int maxBytes) {
		int size = json.getBytes(StandardCharsets.UTF_8).length;
		if (size > maxBytes) {
			throw new EventTooLargeException(
					"Event of task " + taskId + " is " + size + " bytes, more than the " + maxBytes + " allowed");
		}
		return json;
	}

	/**
	 * An envelope as JSON text: the fields in the order of {@link Envelope}, an absent
	 * event name, status or trace context left out. The fields are checked as
	 * {@link Envelope} and {@link TraceContext} check them (so that none needs escaping);
	 * the data is not parsed.
	 */
	static String write(String taskId, @Nullable String event, String dataJson, @Nullable String status,
			long publishedAt, @Nullable TraceContext trace) {
		TaskKeys.requireValidTaskId(taskId);
		EventName.requireValid(event);
		TaskStatus.requireValid(status);
		StringBuilder json = new StringBuilder(dataJson.length() + 128);
		json.append("{\"version\":").append(Envelope.VERSION).append(",\"taskId\":\"").append(taskId).append('"');
		if (event != null) {
			json.append(",\"event\":\"").append(event).append('"');
		}
		json.append(",\"data\":").append(dataJson);
		if (status != null) {
			json.append(",\"status\":\"").append(status).append('"');
		}
		json.append(",\"terminal\":")
			.append(TaskStatus.isTerminal(status))
			.append(",\"publishedAt\":")
			.append(publishedAt);
		if (trace != null) {
			json.append(",\"traceparent\":\"").append(trace.traceparent()).append('"');
			if (trace.tracestate() != null) {
				json.append(",\"tracestate\":\"").append(trace.tracestate()).append('"');
			}
		}
		return json.append('}').toString();
	}

	/**
	 * A string as a JSON string, escaped exactly as Jackson escapes it by default:
	 * {@code "} and {@code \} with a backslash, the control characters {@code \b \t \n
	 * \f \r} as such and the others as {@code \}{@code u00XX}; every other character as
	 * is.
	 * @param text the string
	 * @return the JSON string, with its quotes
	 */
	public static String quote(String text) {
		StringBuilder json = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\b' -> json.append("\\b");
				case '\t' -> json.append("\\t");
				case '\n' -> json.append("\\n");
				case '\f' -> json.append("\\f");
				case '\r' -> json.append("\\r");
				default -> {
					if (c < 0x20) {
						json.append("\\u00").append(HEX_DIGITS[c >> 4]).append(HEX_DIGITS[c & 0xF]);
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"').toString();
	}

}
