package io.ssegate.gateway.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.SseStream;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node with the default settings: tracing is off, even for a request that carries a
 * {@code traceparent} and with an exporter at hand.
 */
class TracingOffIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	static GatewayNodes nodes;

	@BeforeAll
	static void start() {
		nodes = GatewayNodes.start(List.of(TracingIntegrationTests.SpansInMemory.class), 1,
				"spring.data.redis.url=" + redis.url(), "management.tracing.sampling.probability=1.0",
				"management.opentelemetry.tracing.export.schedule-delay=100ms");
	}

	@AfterAll
	static void stop() {
		nodes.close();
	}

	@Test
	void recordsNoSpanAndPutsNoTraceparentInTheEnvelope() {
		String taskId = "untraced-" + UUID.randomUUID();
		try (SseStream stream = SseStream.open(nodes.url(0), taskId)) {
			RestClient.builder()
				.baseUrl(nodes.url(0))
				.build()
				.post()
				.uri("/api/tasks/{taskId}/events", taskId)
				.header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("data", "50%"))
				.retrieve()
				.toBodilessEntity();
			await().atMost(WAIT).until(() -> stream.data().contains("50%"));
		}

		assertThat(nodes.bean(0, Tracing.class).isOn()).isFalse();
		assertThat(redis.commands()
			.xrange(TaskKeys.withDefaultPrefix().history(taskId), io.lettuce.core.Range.create("-", "+")))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.getBody().get("e")).doesNotContain("traceparent", "tracestate"));
		assertThat(nodes.bean(0, InMemorySpanExporter.class).getFinishedSpanItems()).isEmpty();
	}

}
