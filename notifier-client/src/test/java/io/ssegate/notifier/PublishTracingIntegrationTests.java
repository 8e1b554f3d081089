package io.ssegate.notifier;

import java.util.List;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.ssegate.protocol.Envelope;
import io.ssegate.protocol.EnvelopeCodec;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.protocol.TraceContext;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class PublishTracingIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	private final InMemorySpanExporter spans = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.spans)).build())
		.build();

	private final EnvelopeCodec codec = new EnvelopeCodec();

	@AfterEach
	void close() {
		this.openTelemetry.close();
	}

	@Test
	void publishIsAProducerSpanInTheCallersTraceWhoseContextTheEnvelopeCarries() {
		Span caller = this.openTelemetry.getTracer("test").spanBuilder("export").startSpan();
		String id;
		try (Notifier notifier = Notifier.create(redis.uri(),
				NotifierOptions.builder().tracer(OpenTelemetryPublishTracer.create(this.openTelemetry)).build());
				Scope scope = caller.makeCurrent()) {
			id = notifier.progress("export-42", 50);
		}
		finally {
			caller.end();
		}

		SpanData producer = this.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.PRODUCER)
			.findFirst()
			.orElseThrow();
		assertThat(producer.getName()).isEqualTo("publish");
		assertThat(producer.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
		assertThat(producer.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
		assertThat(producer.getAttributes().asMap())
			.extractingFromEntries((entry) -> entry.getKey().getKey(), (entry) -> entry.getValue())
			.contains(org.assertj.core.groups.Tuple.tuple("messaging.system", "ssegate"),
					org.assertj.core.groups.Tuple.tuple("messaging.destination.name", "export-42"),
					org.assertj.core.groups.Tuple.tuple("messaging.message.id", id));
		TraceContext carried = stored("export-42").trace();
		assertThat(carried).isNotNull();
		assertThat(carried.traceparent()).startsWith("00-" + producer.getTraceId() + "-" + producer.getSpanId() + "-");
	}

	@Test
	void withoutACurrentSpanOrASdkTheEnvelopeCarriesNoTraceField() {
		try (Notifier notifier = Notifier.create(redis.uri())) {
			notifier.progress("plain-1", 10);
		}

		assertThat(envelopeJson("plain-1")).doesNotContain("trace");
	}

	@Test
	void noneTracerWritesNoTraceFieldEvenInsideASpan() {
		Span caller = this.openTelemetry.getTracer("test").spanBuilder("export").startSpan();
		try (Notifier notifier = Notifier.create(redis.uri(),
				NotifierOptions.builder().tracer(PublishTracer.none()).build()); Scope scope = caller.makeCurrent()) {
			notifier.progress("plain-2", 10);
		}
		finally {
			caller.end();
		}

		assertThat(envelopeJson("plain-2")).doesNotContain("trace");
		assertThat(this.spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("export");
	}

	@Test
	void anEventTracedByItsCallerCarriesThatContextAndMakesNoSpan() {
		TraceContext trace = new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "a=b");
		try (Notifier notifier = Notifier.create(redis.uri(),
				NotifierOptions.builder().tracer(OpenTelemetryPublishTracer.create(this.openTelemetry)).build())) {
			notifier.publish("traced-1", NotifyEvent.of("x").withTrace(trace));
		}

		assertThat(stored("traced-1").trace()).isEqualTo(trace);
		assertThat(this.spans.getFinishedSpanItems()).isEmpty();
	}

	private Envelope stored(String taskId) {
		return this.codec.decode(envelopeJson(taskId));
	}

	private String envelopeJson(String taskId) {
		RedisClient client = RedisClient.create(redis.uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			List<StreamMessage<String, String>> history = connection.sync()
				.xrange(TaskKeys.withDefaultPrefix().history(taskId), Range.create("-", "+"));
			return history.get(0).getBody().get("e");
		}
		finally {
			client.shutdown();
		}
	}

}
