package io.ssegate.gateway.publish;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.ssegate.gateway.system.Tracing;
import io.ssegate.protocol.TraceContext;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * The PRODUCER spans of the HTTP publish API, after OpenTelemetry's messaging
 * conventions: one per request, named {@value #SPAN_NAME}, a child of the request's
 * {@code traceparent} when it has one; a bulk request's span counts its events in
 * {@code messaging.batch.message_count}. The span's context goes into the envelopes.
 * Callers check {@link #isOn()} first: nothing here runs while tracing is off.
 */
final class PublishTracing {

	static final String SPAN_NAME = "publish";

	private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

	private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

	private final Tracing tracing;

	PublishTracing(Tracing tracing) {
		this.tracing = tracing;
	}

	boolean isOn() {
		return this.tracing.isOn();
	}

	/**
	 * Start the span of a request that publishes one event.
	 * @param request the request, whose {@code traceparent} it continues
	 * @param taskId the task
	 * @return the started span
	 */
	Span start(Request request, String taskId) {
		return builder(request).setAttribute("messaging.destination.name", taskId).startSpan();
	}

	/**
	 * Start the span of a bulk request: its events may be of several tasks, so it names
	 * none.
	 * @param request the request, whose {@code traceparent} it continues
	 * @param count the number of events
	 * @return the started span
	 */
	Span startBatch(Request request, int count) {
		return builder(request).setAttribute("messaging.batch.message_count", (long) count).startSpan();
	}

	private SpanBuilder builder(Request request) {
		Context incoming = W3C.extract(Context.root(), request.getHeaders(), HeaderGetter.INSTANCE);
		return this.tracing.tracer()
			.spanBuilder(SPAN_NAME)
			.setParent(incoming)
			.setSpanKind(SpanKind.PRODUCER)
			.setAttribute("messaging.system", Tracing.SYSTEM)
			.setAttribute("messaging.operation.name", SPAN_NAME)
			.setAttribute("messaging.operation.type", "send");
	}

	/**
	 * A span's context, for the envelope.
	 * @param span the span
	 * @return its W3C trace context, or {@code null} for an invalid span
	 */
	static @Nullable TraceContext contextOf(Span span) {
		if (!span.getSpanContext().isValid()) {
			return null;
		}
		Map<String, String> headers = new HashMap<>(4);
		W3C.inject(Context.root().with(span), headers, (carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		return TraceContext.parse(headers.get("traceparent"), headers.get("tracestate"));
	}

	/**
	 * End the span of a publish of one event.
	 * @param span the span
	 * @param eventId the event id, or {@code null} when it failed
	 * @param failure the failure, or {@code null}
	 */
	static void end(Span span, @Nullable String eventId, @Nullable Throwable failure) {
		if (eventId != null) {
			span.setAttribute(MESSAGE_ID, eventId);
		}
		if (failure != null) {
			span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
		}
		span.end();
	}

	/**
	 * Reads the request's headers for OpenTelemetry's propagator.
	 */
	private enum HeaderGetter implements TextMapGetter<HttpFields> {

		INSTANCE;

		@Override
		public Iterable<String> keys(HttpFields carrier) {
			return carrier.getFieldNamesCollection();
		}

		@Override
		public @Nullable String get(@Nullable HttpFields carrier, String key) {
			return (carrier != null) ? carrier.get(key) : null;
		}

	}

}
