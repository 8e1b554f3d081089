package io.ssegate.notifier;

import io.ssegate.protocol.EventName;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.protocol.TaskStatus;
import io.ssegate.protocol.TraceContext;
import org.jspecify.annotations.Nullable;

/**
 * An event to push to the browsers that follow a task.
 *
 * <pre class="code">
 * notifier.publish("42", NotifyEvent.progress(Map.of("percent", 50)));
 * notifier.publish("42", NotifyEvent.named("log", "step 3 done").withIdempotencyKey("step-3"));
 * notifier.publish("42", NotifyEvent.completed("https://example.com/export.csv"));
 * </pre>
 *
 * @param name the SSE event name ({@code event:}), or {@code null} for the default
 * {@code message} event that {@code EventSource.onmessage} receives
 * @param data the data: a {@link String} is delivered as-is, any other value as its JSON
 * text (written by {@link NotifierOptions#dataSerializer()}), {@code null} as empty data
 * @param status the task status ({@link TaskStatus#RUNNING}, {@link TaskStatus#END},
 * {@link TaskStatus#ERROR} or another upper-case name), or {@code null}; END and ERROR
 * end the task and close its streams
 * @param idempotencyKey a key that makes retries of this publish deliver the event once,
 * or {@code null}
 * @param trace the W3C trace context of a publish its caller traced already (the
 * gateway's HTTP API does), carried as is; or {@code null} to let the notifier's
 * {@link NotifierOptions#tracer() tracer} trace the publish
 */
public record NotifyEvent(@Nullable String name, @Nullable Object data, @Nullable String status,
		@Nullable String idempotencyKey, @Nullable TraceContext trace) {

	/** Name of the events made by {@link #progress(Object)}. */
	public static final String PROGRESS = "progress";

	/** Name of the events made by {@link #completed(Object)}. */
	public static final String COMPLETED = "completed";

	/** Name of the events made by {@link #failed(Object)}. */
	public static final String FAILED = "failed";

	/**
	 * Create an event, checking its fields.
	 * @throws IllegalArgumentException if the name, status or idempotency key is invalid
	 */
	public NotifyEvent {
		EventName.requireValid(name);
		TaskStatus.requireValid(status);
		TaskKeys.requireValidIdempotencyKey(idempotencyKey);
	}

	/**
	 * Create an event that the notifier's tracer traces, checking its fields.
	 * @param name the event name, or {@code null}
	 * @param data the data
	 * @param status the status, or {@code null}
	 * @param idempotencyKey the idempotency key, or {@code null}
	 * @throws IllegalArgumentException if the name, status or idempotency key is invalid
	 */
	public NotifyEvent(@Nullable String name, @Nullable Object data, @Nullable String status,
			@Nullable String idempotencyKey) {
		this(name, data, status, idempotencyKey, null);
	}

	/**
	 * A default ({@code message}) event.
	 * @param data the data
	 * @return the event
	 */
	public static NotifyEvent of(@Nullable Object data) {
		return new NotifyEvent(null, data, null, null);
	}

	/**
	 * A named event.
	 * @param name the event name
	 * @param data the data
	 * @return the event
	 */
	public static NotifyEvent named(String name, @Nullable Object data) {
		return new NotifyEvent(name, data, null, null);
	}

	/**
	 * A {@value #PROGRESS} event with status {@link TaskStatus#RUNNING}.
	 * @param data the progress, for example {@code 50} or {@code Map.of("percent", 50)}
	 * @return the event
	 */
	public static NotifyEvent progress(@Nullable Object data) {
		return new NotifyEvent(PROGRESS, data, TaskStatus.RUNNING, null);
	}

	/**
	 * A {@value #COMPLETED} event with status {@link TaskStatus#END}: the last event of a
	 * task that succeeded.
	 * @param data the result
	 * @return the event
	 */
	public static NotifyEvent completed(@Nullable Object data) {
		return new NotifyEvent(COMPLETED, data, TaskStatus.END, null);
	}

	/**
	 * A {@value #FAILED} event with status {@link TaskStatus#ERROR}: the last event of a
	 * task that failed. (Not named {@code error}, which {@code EventSource} uses for its
	 * own connection errors.)
	 * @param data what went wrong
	 * @return the event
	 */
	public static NotifyEvent failed(@Nullable Object data) {
		return new NotifyEvent(FAILED, data, TaskStatus.ERROR, null);
	}

	/**
	 * This event with another status.
	 * @param status the status, or {@code null}
	 * @return a new event
	 */
	public NotifyEvent withStatus(@Nullable String status) {
		return new NotifyEvent(this.name, this.data, status, this.idempotencyKey, this.trace);
	}

	/**
	 * This event with an idempotency key: publishing it again with the same key (within
	 * {@link NotifierOptions#idempotencyTtl()}) returns the first event's id and delivers
	 * nothing.
	 * @param idempotencyKey the key, 1 to 128 letters, digits, {@code . _ : -}
	 * @return a new event
	 */
	public NotifyEvent withIdempotencyKey(@Nullable String idempotencyKey) {
		return new NotifyEvent(this.name, this.data, this.status, idempotencyKey, this.trace);
	}

	/**
	 * This event with the trace context of a publish its caller traced: the envelope
	 * carries it as is, and the notifier's tracer does not trace the publish again.
	 * @param trace the W3C trace context, or {@code null} to let the tracer trace
	 * @return a new event
	 */
	public NotifyEvent withTrace(@Nullable TraceContext trace) {
		return new NotifyEvent(this.name, this.data, this.status, this.idempotencyKey, trace);
	}

	/**
	 * Whether this event ends its task.
	 * @return {@code true} for status END or ERROR
	 */
	public boolean isTerminal() {
		return TaskStatus.isTerminal(this.status);
	}

}
