package io.ssegate.gateway.broker;

import io.ssegate.protocol.EventName;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.protocol.TaskStatus;
import io.ssegate.protocol.TraceContext;
import org.jspecify.annotations.Nullable;

/**
 * An event a publisher asks the broker to append to its task's history and deliver; the
 * broker gives it its id. Checked as the wire contract requires.
 *
 * @param taskId the task
 * @param name the event name, or {@code null} for the default event
 * @param data an application value (a string, a map, a record, ...), or {@code null}
 * @param status the task's status, or {@code null}; {@code END} or {@code ERROR} ends the
 * task
 * @param idempotencyKey the publisher's key for this event, or {@code null}: a second
 * publication with the same key is not stored again, and gets the first one's id
 * @param trace the W3C trace context of the publish's span, which the envelope carries,
 * or {@code null} when untraced
 */
public record Publication(String taskId, @Nullable String name, @Nullable Object data, @Nullable String status,
		@Nullable String idempotencyKey, @Nullable TraceContext trace) {

	/**
	 * Create a publication, checking its fields.
	 * @throws IllegalArgumentException if the task id, name, status or idempotency key is
	 * invalid
	 */
	public Publication {
		TaskKeys.requireValidTaskId(taskId);
		EventName.requireValid(name);
		TaskStatus.requireValid(status);
		TaskKeys.requireValidIdempotencyKey(idempotencyKey);
	}

	/**
	 * Create an untraced publication, checking its fields.
	 * @param taskId the task
	 * @param name the event name, or {@code null}
	 * @param data the data, or {@code null}
	 * @param status the status, or {@code null}
	 * @param idempotencyKey the idempotency key, or {@code null}
	 * @throws IllegalArgumentException if a field is invalid
	 */
	public Publication(String taskId, @Nullable String name, @Nullable Object data, @Nullable String status,
			@Nullable String idempotencyKey) {
		this(taskId, name, data, status, idempotencyKey, null);
	}

	/**
	 * This publication with the trace context of its publish's span.
	 * @param trace the trace context, or {@code null}
	 * @return a new publication
	 */
	public Publication withTrace(@Nullable TraceContext trace) {
		return new Publication(this.taskId, this.name, this.data, this.status, this.idempotencyKey, trace);
	}

}
