package io.ssegate.notifier;

/**
 * Finds the {@link PublishTracer#fromClasspath() default tracer} once, when it is first
 * needed.
 */
final class ClasspathPublishTracer {

	static final PublishTracer INSTANCE = find(ClasspathPublishTracer.class.getClassLoader());

	private ClasspathPublishTracer() {
	}

	static PublishTracer find(ClassLoader classLoader) {
		if (Classpath.isPresent("io.opentelemetry.api.GlobalOpenTelemetry", classLoader)) {
			return OpenTelemetryPublishTracer.global();
		}
		return PublishTracer.none();
	}

}
