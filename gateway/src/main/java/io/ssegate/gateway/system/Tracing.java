package io.ssegate.gateway.system;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

/**
 * Whether this node traces publishes and deliveries, and its tracer. Off unless Spring
 * Boot's tracing export is on ({@code management.tracing.export.enabled}, off in
 * application.yml) and an {@code OpenTelemetry} is configured. The hot paths check
 * {@link #isOn()}, a plain boolean, and do no tracing work at all when it is off.
 *
 * @param isOn whether to trace
 * @param tracer the tracer; a no-op one when off
 */
public record Tracing(boolean isOn, Tracer tracer) {

	/** The name of the gateway's instrumentation scope. */
	public static final String SCOPE = "io.ssegate.gateway";

	/** The value of the spans' {@code messaging.system} attribute. */
	public static final String SYSTEM = "ssegate";

	/**
	 * No tracing.
	 * @return tracing that is off
	 */
	public static Tracing off() {
		return new Tracing(false, OpenTelemetry.noop().getTracer(SCOPE));
	}

	/**
	 * Tracing with an OpenTelemetry.
	 * @param openTelemetry the node's OpenTelemetry
	 * @return tracing that is on
	 */
	public static Tracing on(OpenTelemetry openTelemetry) {
		return new Tracing(true, openTelemetry.getTracer(SCOPE));
	}

}
