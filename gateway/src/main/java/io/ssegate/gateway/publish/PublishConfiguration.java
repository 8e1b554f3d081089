package io.ssegate.gateway.publish;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.gateway.broker.EventBroker;
import io.ssegate.gateway.security.AccessGuard;
import io.ssegate.gateway.security.SecurityProperties;
import io.ssegate.gateway.system.Tracing;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes {@link PublishRoute} Jetty's root handler: it takes every request, runs the
 * publish API ({@code POST /api/tasks/{taskId}/events}, {@link PublishEndpoint}, and
 * {@code POST /api/events}, {@link BulkPublishEndpoint}) on the thread that read it, and
 * hands every other request to the Servlet container on a virtual thread. Cross-origin
 * requests to the API are allowed from {@code ssegate.security.allowed-origins}, as for
 * streams.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PublishProperties.class)
class PublishConfiguration {

	/**
	 * A body may hold the event's data with JSON escapes that the stored envelope does
	 * not need: twice the envelope's limit, so that the broker's own check answers for an
	 * event that is too large.
	 */
	private static final int BODY_BYTES_PER_PAYLOAD_BYTE = 2;

	@Bean
	JettyServerCustomizer publishRoute(EventBroker broker, AccessGuard guard, JsonMapper json, MeterRegistry meters,
			PublishProperties publish, SecurityProperties security, Tracing tracing) {
		PublishTracing publishTracing = new PublishTracing(tracing);
		PublishAnswer.Writers writers = new PublishAnswer.Writers(json.writerFor(PublishedEvent.class),
				json.writerFor(BulkPublished.class), json.writerFor(Problem.class), new PublishMeters(meters));
		Handler endpoints = new Handler.Sequence(
				new PublishEndpoint(broker, guard, json.readerFor(PublishRequest.class), writers,
						BODY_BYTES_PER_PAYLOAD_BYTE * publish.maxPayloadBytes(), publishTracing),
				new BulkPublishEndpoint(broker, guard, json.readerFor(BulkPublishRequest.class), writers,
						Math.toIntExact(publish.maxBatchBytes().toBytes()), publish.maxBatchEvents(), publishTracing));
		Handler api = security.allowedOrigins().isEmpty() ? endpoints : crossOrigin(endpoints, security);
		return (server) -> server.setHandler(new PublishRoute(api, server.getHandler()));
	}

	private static CrossOriginHandler crossOrigin(Handler endpoint, SecurityProperties security) {
		CrossOriginHandler cors = new CrossOriginHandler();
		cors.setAllowedOriginPatterns(
				security.allowedOrigins().stream().map(Pattern::quote).collect(Collectors.toUnmodifiableSet()));
		cors.setAllowedMethods(Set.of("POST"));
		cors.setAllowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "traceparent", "tracestate"));
		cors.setAllowCredentials(true);
		cors.setHandler(endpoint);
		return cors;
	}

}
