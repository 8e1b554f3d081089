package io.ssegate.gateway.system;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.OtlpReceiver;
import io.ssegate.gateway.support.SseStream;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierOptions;
import io.ssegate.notifier.OpenTelemetryPublishTracer;
import io.ssegate.protocol.ChannelKind;
import io.ssegate.protocol.HistoryCommands;
import io.ssegate.protocol.HistoryLimits;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway nodes with tracing on, on one Redis, each recording its spans in memory and
 * exporting them over OTLP/HTTP to a test receiver; a notifier-client publisher with its
 * own OpenTelemetry SDK.
 */
class TracingIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	static OtlpReceiver receiver;

	static GatewayNodes nodes;

	static InMemorySpanExporter publisherSpans = InMemorySpanExporter.create();

	static OpenTelemetrySdk publisherOpenTelemetry;

	static Notifier notifier;

	private String taskId;

	@BeforeAll
	static void start() throws IOException {
		receiver = OtlpReceiver.start();
		nodes = GatewayNodes.start(List.of(SpansInMemory.class), 2, "spring.data.redis.url=" + redis.url(),
				"management.tracing.export.enabled=true", "management.tracing.sampling.probability=1.0",
				"management.opentelemetry.tracing.export.schedule-delay=100ms",
				"management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.tracesUrl());
		publisherOpenTelemetry = OpenTelemetrySdk.builder()
			.setTracerProvider(
					SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(publisherSpans)).build())
			.build();
		notifier = Notifier.create(redis.uri(),
				NotifierOptions.builder().tracer(OpenTelemetryPublishTracer.create(publisherOpenTelemetry)).build());
	}

	@AfterAll
	static void stop() {
		notifier.close();
		publisherOpenTelemetry.close();
		nodes.close();
		receiver.close();
	}

	@BeforeEach
	void newTask() {
		this.taskId = "traced-" + UUID.randomUUID();
	}

	@Test
	void publisherSpanAndTheConsumerSpanOfTheNodeHoldingTheStreamShareOneTrace() {
		String id;
		try (SseStream stream = SseStream.open(nodes.url(1), this.taskId)) {
			Span caller = publisherOpenTelemetry.getTracer("test").spanBuilder("export job").startSpan();
			try (Scope scope = caller.makeCurrent()) {
				id = notifier.progress(this.taskId, 50);
			}
			finally {
				caller.end();
			}
			await().atMost(WAIT).until(() -> stream.ids().contains(id));
		}
		SpanData producer = publisherSpans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.PRODUCER
					&& id.equals(span.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))))
			.findFirst()
			.orElseThrow();

		SpanData consumer = awaitDelivery(1, this.taskId, id);

		assertThat(consumer.getTraceId()).isEqualTo(producer.getTraceId());
		assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
		assertThat(consumer.getLinks()).extracting((link) -> link.getSpanContext().getSpanId())
			.containsExactly(producer.getSpanId());
		assertThat(consumer.getName()).isEqualTo("deliver").doesNotContain(this.taskId);
		assertThat(consumer.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("ssegate");
		assertThat(consumer.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
			.isEqualTo(this.taskId);
		assertThat(consumer.getAttributes().get(AttributeKey.longKey("ssegate.delivery.streams"))).isEqualTo(1L);
		assertThat(consumer.getAttributes().get(AttributeKey.longKey("ssegate.delivery.delay_ms"))).isNotNull()
			.isGreaterThanOrEqualTo(0L);
		assertThat(deliveries(0, this.taskId, id)).as("the node without a stream of the task").isEmpty();
	}

	@Test
	void httpPublishContinuesTheIncomingTraceparent() {
		String id;
		try (SseStream stream = SseStream.open(nodes.url(1), this.taskId)) {
			Map<?, ?> answer = api(0).post()
				.uri("/api/tasks/{taskId}/events", this.taskId)
				.header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("data", "50%"))
				.retrieve()
				.body(Map.class);
			id = String.valueOf(answer.get("id"));
			await().atMost(WAIT).until(() -> stream.ids().contains(id));
		}

		SpanData producer = await().atMost(WAIT)
			.until(() -> spans(0).stream()
				.filter((span) -> span.getKind() == SpanKind.PRODUCER && TRACE_ID.equals(span.getTraceId())
						&& id.equals(span.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))))
				.findFirst(), java.util.Optional::isPresent)
			.orElseThrow();
		assertThat(producer.getName()).isEqualTo("publish");
		assertThat(producer.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
		assertThat(producer.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
			.isEqualTo(this.taskId);
		SpanData consumer = awaitDelivery(1, this.taskId, id);
		assertThat(consumer.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
	}

	@Test
	void bulkPublishIsOneBatchSpanThatEveryDeliveryFollows() {
		String otherTask = this.taskId + "-b";
		List<String> ids;
		try (SseStream stream = SseStream.open(nodes.url(1), List.of(this.taskId, otherTask), null)) {
			Map<?, ?> answer = api(0).post()
				.uri("/api/events")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("events",
						List.of(Map.of("taskId", this.taskId, "data", 1), Map.of("taskId", otherTask, "data", 2))))
				.retrieve()
				.body(Map.class);
			ids = ((List<?>) answer.get("results")).stream()
				.map((result) -> String.valueOf(((Map<?, ?>) result).get("id")))
				.toList();
			await().atMost(WAIT).until(() -> stream.events().size() == 2);
		}

		SpanData first = awaitDelivery(1, this.taskId, ids.get(0));
		SpanData second = awaitDelivery(1, otherTask, ids.get(1));
		SpanData batch = spans(0).stream()
			.filter((span) -> span.getSpanId().equals(first.getParentSpanId()))
			.findFirst()
			.orElseThrow();
		assertThat(batch.getKind()).isEqualTo(SpanKind.PRODUCER);
		assertThat(batch.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count"))).isEqualTo(2L);
		assertThat(second.getParentSpanId()).isEqualTo(batch.getSpanId());
	}

	@Test
	void aVersionOnePublisherWithoutTraceFieldIsDeliveredUntraced() {
		try (SseStream stream = SseStream.open(nodes.url(1), this.taskId)) {
			String id = appendRaw("""
					{"version":1,"taskId":"%s","data":"v1","terminal":false,"publishedAt":%d}""".formatted(this.taskId,
					System.currentTimeMillis()));

			await().atMost(WAIT).until(() -> stream.data().contains("v1"));
			SpanData consumer = awaitDelivery(1, this.taskId, id);
			assertThat(consumer.getParentSpanContext().isValid()).isFalse();
			assertThat(consumer.getLinks()).isEmpty();
		}
	}

	@Test
	void aMalformedTraceparentIsDeliveredIgnoredAndCounted() {
		double before = malformedCount(1);
		try (SseStream stream = SseStream.open(nodes.url(1), this.taskId)) {
			String id = appendRaw("""
					{"version":1,"taskId":"%s","data":"odd","terminal":false,"publishedAt":%d,\
					"traceparent":"00-not-a-trace-01","tracestate":"a=b"}""".formatted(this.taskId,
					System.currentTimeMillis()));

			await().atMost(WAIT).until(() -> stream.data().contains("odd"));
			SpanData consumer = awaitDelivery(1, this.taskId, id);
			assertThat(consumer.getParentSpanContext().isValid()).isFalse();
			assertThat(consumer.getLinks()).isEmpty();
			assertThat(malformedCount(1)).isEqualTo(before + 1);
		}
	}

	@Test
	void otlpExportReachesAReceiverWithTheSpansAndTheirAttributes() {
		String id;
		try (SseStream stream = SseStream.open(nodes.url(1), this.taskId)) {
			id = notifier.progress(this.taskId, 1);
			await().atMost(WAIT).until(() -> stream.ids().contains(id));
		}

		io.opentelemetry.proto.trace.v1.Span exported = await().atMost(WAIT)
			.until(() -> receiver.spans()
				.stream()
				.filter((span) -> id.equals(attribute(span.getAttributesList(), "messaging.message.id")))
				.findFirst(), java.util.Optional::isPresent)
			.orElseThrow();
		assertThat(exported.getName()).isEqualTo("deliver");
		assertThat(exported.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER);
		assertThat(attribute(exported.getAttributesList(), "messaging.destination.name")).isEqualTo(this.taskId);
		assertThat(attribute(exported.getAttributesList(), "messaging.system")).isEqualTo("ssegate");
		assertThat(attribute(exported.getAttributesList(), "ssegate.delivery.streams")).isEqualTo("1");
		assertThat(exported.getLinksCount()).isEqualTo(1);
	}

	private static String attribute(List<KeyValue> attributes, String key) {
		return attributes.stream()
			.filter((attribute) -> attribute.getKey().equals(key))
			.map((attribute) -> attribute.getValue().hasIntValue() ? Long.toString(attribute.getValue().getIntValue())
					: attribute.getValue().getStringValue())
			.findFirst()
			.orElse("");
	}

	private static RestClient api(int node) {
		return RestClient.builder().baseUrl(nodes.url(node)).build();
	}

	private static List<SpanData> spans(int node) {
		return nodes.bean(node, InMemorySpanExporter.class).getFinishedSpanItems();
	}

	/**
	 * The deliveries of one event: its task and its id, since the events of two tasks
	 * appended in the same millisecond have the same id.
	 */
	private static List<SpanData> deliveries(int node, String taskId, String eventId) {
		return spans(node).stream()
			.filter((span) -> span.getKind() == SpanKind.CONSUMER
					&& taskId.equals(span.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
					&& eventId.equals(span.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))))
			.toList();
	}

	private static SpanData awaitDelivery(int node, String taskId, String eventId) {
		return await().atMost(WAIT).until(() -> deliveries(node, taskId, eventId), (found) -> found.size() == 1).get(0);
	}

	private static double malformedCount(int node) {
		return nodes.bean(node, MeterRegistry.class).counter("ssegate.envelopes.trace.malformed").count();
	}

	/**
	 * Publish an envelope as a publisher of another language would, with the script of
	 * docs/protocol.md.
	 */
	private String appendRaw(String envelope) {
		RedisClient client = RedisClient.create(redis.uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return new HistoryCommands(TaskKeys.withDefaultPrefix(), ChannelKind.CLASSIC)
				.append(connection.async(), this.taskId, envelope, false, null,
						new HistoryLimits(HistoryLimits.DEFAULT_MAX_LENGTH, HistoryLimits.DEFAULT_TTL,
								HistoryLimits.DEFAULT_IDEMPOTENCY_TTL))
				.join();
		}
		finally {
			client.shutdown();
		}
	}

	/**
	 * Records a node's spans in memory, beside Spring Boot's own exporters.
	 */
	@Configuration(proxyBeanMethods = false)
	static class SpansInMemory {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
