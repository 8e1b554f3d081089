package io.ssegate.notifier;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.ssegate.protocol.TraceContext;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PublishTracer} on OpenTelemetry (an optional dependency: those who use this
 * class bring {@code io.opentelemetry:opentelemetry-api}). Each publish is a
 * {@link SpanKind#PRODUCER PRODUCER} span named {@value #SPAN_NAME}, a child of the
 * caller's current span (Micrometer Tracing's too, with its OpenTelemetry bridge), with
 * the attributes of OpenTelemetry's messaging conventions: {@code messaging.system} =
 * {@value #SYSTEM}, {@code messaging.operation.name} = {@value #SPAN_NAME},
 * {@code messaging.operation.type} = {@code send}, {@code messaging.destination.name} =
 * the task id (never in the span name: task ids are unbounded), and
 * {@code messaging.message.id} = the event id once stored.
 */
public final class OpenTelemetryPublishTracer implements PublishTracer {

	/** The name of the producer span. */
	public static final String SPAN_NAME = "publish";

	/** The value of {@code messaging.system}. */
	public static final String SYSTEM = "ssegate";

	private static final String INSTRUMENTATION = "io.ssegate.notifier";

	private static final String TRACEPARENT = "traceparent";

	private static final String TRACESTATE = "tracestate";

	private final Supplier<OpenTelemetry> openTelemetry;

	private OpenTelemetryPublishTracer(Supplier<OpenTelemetry> openTelemetry) {
		this.openTelemetry = openTelemetry;
	}

	/**
	 * A tracer on an OpenTelemetry instance.
	 * @param openTelemetry the application's OpenTelemetry (not closed by the notifier)
	 * @return the tracer
	 */
	public static PublishTracer create(OpenTelemetry openTelemetry) {
		return new OpenTelemetryPublishTracer(() -> openTelemetry);
	}

	/**
	 * A tracer on {@code GlobalOpenTelemetry}, looked up at each publish without fixing
	 * it ({@code getOrNoop()}), so that an application may still register its own later.
	 * @return the tracer
	 */
	static PublishTracer global() {
		return new OpenTelemetryPublishTracer(GlobalOpenTelemetry::getOrNoop);
	}

	@Override
	public PublishTrace start(String taskId) {
		Span span = this.openTelemetry.get()
			.getTracer(INSTRUMENTATION)
			.spanBuilder(SPAN_NAME)
			.setSpanKind(SpanKind.PRODUCER)
			.setAttribute("messaging.system", SYSTEM)
			.setAttribute("messaging.operation.name", SPAN_NAME)
			.setAttribute("messaging.operation.type", "send")
			.setAttribute("messaging.destination.name", taskId)
			.startSpan();
		return new SpanTrace(span, contextOf(span));
	}

	/**
	 * A span's context in the W3C form, written by OpenTelemetry's own propagator; none
	 * for an invalid span (no SDK and no current span).
	 */
	private static @Nullable TraceContext contextOf(Span span) {
		if (!span.getSpanContext().isValid()) {
			return null;
		}
		Map<String, String> headers = new HashMap<>(4);
		W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), headers, (carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		return TraceContext.parse(headers.get(TRACEPARENT), headers.get(TRACESTATE));
	}

	/**
	 * The trace of one publish: its span, ended with the event id or the failure.
	 */
	private record SpanTrace(Span span, @Nullable TraceContext context) implements PublishTrace {

		@Override
		public void end(@Nullable String eventId, @Nullable Throwable failure) {
			if (eventId != null) {
				this.span.setAttribute("messaging.message.id", eventId);
			}
			if (failure != null) {
				this.span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
				this.span.setAttribute("error.type", failure.getClass().getName());
			}
			this.span.end();
		}

	}

}
