package io.ssegate.gateway.system;

import io.opentelemetry.api.OpenTelemetry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Turns the node's {@link Tracing} on with Spring Boot's own switch,
 * {@code management.tracing.export.enabled}, which also turns Spring Boot's tracer on
 * (<a href= "https://docs.spring.io/spring-boot/reference/actuator/tracing.html">Spring
 * Boot tracing</a>).
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

	static final String EXPORT_ENABLED = "management.tracing.export.enabled";

	@Bean
	Tracing tracing(ObjectProvider<OpenTelemetry> openTelemetry, Environment environment) {
		OpenTelemetry configured = openTelemetry.getIfUnique();
		boolean exportEnabled = environment.getProperty(EXPORT_ENABLED, Boolean.class, true);
		return (exportEnabled && configured != null) ? Tracing.on(configured) : Tracing.off();
	}

}
