package io.ssegate.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * One event as it travels through Redis: the versioned JSON stored in a task's history
 * and published on its channel. {@link EnvelopeCodec} reads and writes it (with Jackson
 * 3); {@link EnvelopeWriter} writes its JSON text.
 *
 * @param version the protocol version, {@value #VERSION}
 * @param taskId the task the event belongs to
 * @param event the SSE event name, or {@code null} for the default ({@code message})
 * @param data the data: a JSON string is delivered as-is, any other JSON value as its
 * JSON text, JSON {@code null} as empty data
 * @param status the task status the event reports, or {@code null}
 * @param terminal whether the event ends the task (its status is terminal)
 * @param publishedAt when the event was published, in epoch milliseconds (publisher
 * clock)
 * @param traceparent the W3C {@code traceparent} of the publisher's span, as received
 * (not checked: a reader ignores a malformed one, see {@link #trace()}), or {@code null}
 * @param tracestate the W3C {@code tracestate} that goes with it, as received, or
 * {@code null}
 */
public record Envelope(int version, String taskId, @Nullable String event, JsonNode data, @Nullable String status,
		boolean terminal, long publishedAt, @Nullable String traceparent, @Nullable String tracestate) {

	/** The protocol version this library writes and reads. */
	public static final int VERSION = 1;

	/**
	 * Create an envelope, checking every field.
	 * @throws IllegalArgumentException if a field is invalid
	 */
	public Envelope {
		if (version != VERSION) {
			throw new IllegalArgumentException("Unsupported envelope version " + version);
		}
		TaskKeys.requireValidTaskId(taskId);
		EventName.requireValid(event);
		TaskStatus.requireValid(status);
		if (terminal != TaskStatus.isTerminal(status)) {
			throw new IllegalArgumentException("Terminal flag must match the status");
		}
		data = (data != null) ? data : NullNode.getInstance();
	}

	/**
	 * Create a version {@value #VERSION} envelope.
	 * @param taskId the task id
	 * @param event the event name or {@code null}
	 * @param data the data
	 * @param status the status or {@code null}
	 * @param publishedAt the publish time in epoch milliseconds
	 * @return the envelope
	 */
	public static Envelope of(String taskId, @Nullable String event, JsonNode data, @Nullable String status,
			long publishedAt) {
		return of(taskId, event, data, status, publishedAt, null);
	}

	/**
	 * Create a version {@value #VERSION} envelope of a traced publish.
	 * @param taskId the task id
	 * @param event the event name or {@code null}
	 * @param data the data
	 * @param status the status or {@code null}
	 * @param publishedAt the publish time in epoch milliseconds
	 * @param trace the publisher's trace context, or {@code null}
	 * @return the envelope
	 */
	public static Envelope of(String taskId, @Nullable String event, JsonNode data, @Nullable String status,
			long publishedAt, @Nullable TraceContext trace) {
		return new Envelope(VERSION, taskId, event, data, status, TaskStatus.isTerminal(status), publishedAt,
				(trace != null) ? trace.traceparent() : null, (trace != null) ? trace.tracestate() : null);
	}

	/**
	 * The publisher's trace context, when the envelope carries a valid one.
	 * @return the context, or {@code null} when absent or malformed
	 */
	public @Nullable TraceContext trace() {
		return TraceContext.parse(this.traceparent, this.tracestate);
	}

	/**
	 * Whether the envelope carries a {@code traceparent} that is not of the W3C format
	 * (which readers ignore, and may count).
	 * @return {@code true} when present and malformed
	 */
	public boolean hasMalformedTraceparent() {
		return this.traceparent != null && !TraceContext.isValidTraceparent(this.traceparent);
	}

}
