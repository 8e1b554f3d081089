package io.ssegate.notifier;

import io.ssegate.protocol.TraceContext;
import org.jspecify.annotations.Nullable;

/**
 * The trace of one publish, started by a {@link PublishTracer}: gives the context the
 * envelope carries, and is ended once, with the event id or the failure.
 */
public interface PublishTrace {

	/** The trace of an untraced publish: no context, nothing to end. */
	PublishTrace NONE = new PublishTrace() {

		@Override
		public @Nullable TraceContext context() {
			return null;
		}

		@Override
		public void end(@Nullable String eventId, @Nullable Throwable failure) {
		}

	};

	/**
	 * The context to carry in the envelope.
	 * @return the W3C trace context of the publish, or {@code null} for none
	 */
	@Nullable TraceContext context();

	/**
	 * The publish completed. Never throws.
	 * @param eventId the event's id, or {@code null} when it failed
	 * @param failure why it failed, or {@code null}
	 */
	void end(@Nullable String eventId, @Nullable Throwable failure);

}
