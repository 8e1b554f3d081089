package io.ssegate.protocol;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * One event as it travels through Redis: the versioned JSON stored in a task's history
 * and published on its channel.
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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(int version, String taskId, @Nullable String event, JsonNode data, @Nullable String status,
		boolean terminal, long publishedAt) {

	/** The protocol version this library writes and reads. */
	public static final int VERSION = 1;

	/** The longest event name accepted. */
	public static final int MAX_EVENT_NAME_LENGTH = 64;

	private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_EVENT_NAME_LENGTH + "}");

	/**
	 * Create an envelope, checking every field.
	 * @throws IllegalArgumentException if a field is invalid
	 */
	public Envelope {
		if (version != VERSION) {
			throw new IllegalArgumentException("Unsupported envelope version " + version);
		}
		TaskKeys.requireValidTaskId(taskId);
		requireValidEventName(event);
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
		return new Envelope(VERSION, taskId, event, data, status, TaskStatus.isTerminal(status), publishedAt);
	}

	/**
	 * Check an event name: 1 to {@value #MAX_EVENT_NAME_LENGTH} letters, digits,
	 * {@code . _ : -}.
	 * @param event the event name, may be {@code null} (default event)
	 * @return the same name
	 * @throws IllegalArgumentException if the name is not valid
	 */
	public static @Nullable String requireValidEventName(@Nullable String event) {
		if (event != null && !EVENT_NAME.matcher(event).matches()) {
			throw new IllegalArgumentException("Event name must match " + EVENT_NAME.pattern());
		}
		return event;
	}

}
