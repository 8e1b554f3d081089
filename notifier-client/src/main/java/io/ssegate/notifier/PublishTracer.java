package io.ssegate.notifier;

/**
 * Traces the publishes of a {@link Notifier}: each publish {@linkplain #start starts} a
 * trace in the caller's context, whose {@link PublishTrace#context() context} the
 * envelope carries to the gateway nodes (as W3C {@code traceparent} and
 * {@code tracestate}, see {@code docs/protocol.md}). Implementations must be thread-safe.
 * <p>
 * A notifier uses {@link #fromClasspath()} unless {@link NotifierOptions#tracer()} names
 * another, such as {@link OpenTelemetryPublishTracer#create} with the application's
 * {@code OpenTelemetry} (the Spring Boot starter passes the application's bean). No
 * tracing library is a dependency of notifier-client.
 */
@FunctionalInterface
public interface PublishTracer {

	/**
	 * Start tracing a publish, on the thread that publishes (where the caller's context
	 * is current).
	 * @param taskId the task published to
	 * @return the publish's trace, which the notifier ends; never {@code null}
	 */
	PublishTrace start(String taskId);

	/**
	 * A tracer that traces nothing: envelopes carry no trace context, at no cost.
	 * @return the shared tracer
	 */
	static PublishTracer none() {
		return (taskId) -> PublishTrace.NONE;
	}

	/**
	 * The default tracer: when the OpenTelemetry API
	 * ({@code io.opentelemetry:opentelemetry-api}) is on the classpath, an
	 * {@link OpenTelemetryPublishTracer} on {@code GlobalOpenTelemetry} (looked up at
	 * each publish, never fixed: a producer span when an SDK is registered globally, such
	 * as the Java agent's; otherwise the caller's current span context passed on as is,
	 * and nothing when there is none); otherwise {@link #none()}.
	 * @return the shared default tracer
	 */
	static PublishTracer fromClasspath() {
		return ClasspathPublishTracer.INSTANCE;
	}

}
