package io.ssegate.gateway.stream;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.system.Tracing;
import io.ssegate.protocol.TraceContext;
import org.jspecify.annotations.Nullable;

/**
 * The CONSUMER span of each live event this node hands to its streams: one per event and
 * node, not per stream, named {@value #SPAN_NAME}. After OpenTelemetry's messaging
 * conventions: {@code messaging.system}, {@code messaging.destination.name} (the task id,
 * never in the span name: task ids are unbounded), {@code messaging.message.id} (the
 * event id); and {@value #STREAMS} (how many streams of this node it was handed to) and
 * {@value #DELAY} (milliseconds since the publish, publisher clock). A span of a traced
 * publish is a child of the producer span and carries a link to it too: the trace shows
 * publish and deliveries together, and a backend that follows links sees the messaging
 * relation the conventions describe. Callers check {@link #isOn()} first.
 */
final class DeliveryTracing {

	static final String SPAN_NAME = "deliver";

	static final String STREAMS = "ssegate.delivery.streams";

	static final String DELAY = "ssegate.delivery.delay_ms";

	private static final AttributeKey<Long> STREAMS_KEY = AttributeKey.longKey(STREAMS);

	private final Tracing tracing;

	DeliveryTracing(Tracing tracing) {
		this.tracing = tracing;
	}

	boolean isOn() {
		return this.tracing.isOn();
	}

	/**
	 * Start the span of an event's delivery on this node.
	 * @param event the event
	 * @return the started span
	 */
	Span start(TaskEvent event) {
		SpanBuilder builder = this.tracing.tracer()
			.spanBuilder(SPAN_NAME)
			.setSpanKind(SpanKind.CONSUMER)
			.setAttribute("messaging.system", Tracing.SYSTEM)
			.setAttribute("messaging.operation.name", SPAN_NAME)
			.setAttribute("messaging.operation.type", "process")
			.setAttribute("messaging.destination.name", event.taskId())
			.setAttribute("messaging.message.id", event.id().toString())
			.setAttribute(DELAY, Math.max(0, System.currentTimeMillis() - event.publishedAt()));
		TraceContext trace = event.trace();
		if (trace == null) {
			return builder.setNoParent().startSpan();
		}
		Context producer = W3CTraceContextPropagator.getInstance().extract(Context.root(), trace, TraceGetter.INSTANCE);
		return builder.setParent(producer).addLink(Span.fromContext(producer).getSpanContext()).startSpan();
	}

	/**
	 * End the span of a delivery.
	 * @param span the span
	 * @param streams how many streams the event was handed to
	 */
	static void end(Span span, int streams) {
		span.setAttribute(STREAMS_KEY, (long) streams);
		span.end();
	}

	/**
	 * Reads an envelope's trace context for OpenTelemetry's propagator.
	 */
	private enum TraceGetter implements TextMapGetter<TraceContext> {

		INSTANCE;

		private static final List<String> KEYS = List.of("traceparent", "tracestate");

		@Override
		public Iterable<String> keys(TraceContext carrier) {
			return KEYS;
		}

		@Override
		public @Nullable String get(@Nullable TraceContext carrier, String key) {
			if (carrier == null) {
				return null;
			}
			return switch (key) {
				case "traceparent" -> carrier.traceparent();
				case "tracestate" -> carrier.tracestate();
				default -> null;
			};
		}

	}

}
