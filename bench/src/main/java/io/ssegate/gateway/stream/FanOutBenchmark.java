package io.ssegate.gateway.stream;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.system.Tracing;
import io.ssegate.protocol.EventId;
import io.ssegate.protocol.TraceContext;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fan-out of one event to every local connection of its task, through the gateway's own
 * classes (registry, connection, writer) up to the Servlet output stream, which only
 * counts: what the server then does per write is measured end to end by the load tool.
 * Every connection is written inline, on the benchmark's thread. In this package because
 * the connection and its writer are package-private. Score: time per event, for all its
 * connections.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx1g")
public class FanOutBenchmark {

	private static final String TASK = "task-1";

	@Param({ "10", "1000" })
	int connections;

	/**
	 * Tracing of the deliveries: {@code off} (the default of a node), {@code on-100}
	 * (every event's publish sampled) or {@code on-1} (1 % sampled, parent-based as
	 * Spring Boot's sampler: the other events' spans are created but not recorded). Spans
	 * go through a batch processor to an exporter that drops them.
	 */
	@Param({ "off", "on-100", "on-1" })
	String tracing;

	private final CountingOutput output = new CountingOutput();

	private static final String DATA = "x".repeat(100);

	private static final String DATA_JSON = "\"" + DATA + "\"";

	private final SseFrame frame = SseFrame.event("1764000000000-1", "e", DATA);

	private StreamRegistry registry;

	private long nextId;

	/** Distinct producer contexts, in turn: a multiple of every sampling period used. */
	private static final int TRACE_CONTEXTS = 1000;

	private TraceContext[] traces = new TraceContext[0];

	private @Nullable OpenTelemetrySdk openTelemetry;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		StreamMeters metrics = new StreamMeters(new SimpleMeterRegistry());
		this.registry = new StreamRegistry(metrics, new FanOutLanes(1, Integer.MAX_VALUE),
				new DeliveryTracing(tracing()));
		for (int i = 0; i < this.connections; i++) {
			StreamWriter writer = new StreamWriter(1024, 3_600_000, metrics);
			writer.start(this.output.asyncContext());
			SingleTaskStream stream = new SingleTaskStream(writer);
			TaskFollower connection = new TaskFollower(TASK, EventId.ZERO, stream, metrics);
			connection.openedWith(new Replay(false, null, List.of()));
			this.registry.add(stream);
			this.registry.add(connection);
		}
	}

	private Tracing tracing() {
		if ("off".equals(this.tracing)) {
			return Tracing.off();
		}
		this.traces = traces("on-1".equals(this.tracing) ? 100 : 1);
		this.openTelemetry = OpenTelemetrySdk.builder()
			.setTracerProvider(SdkTracerProvider.builder()
				.setSampler(Sampler.parentBased(Sampler.alwaysOn()))
				.addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).build())
				.build())
			.build();
		return Tracing.on(this.openTelemetry);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.openTelemetry != null) {
			this.openTelemetry.close();
		}
	}

	/**
	 * One event to every connection, written on the calling thread as in the gateway.
	 * @return the bytes written so far, so that the work is not eliminated
	 */
	@Benchmark
	public long deliver() {
		long id = ++this.nextId;
		this.registry.deliver(new TaskEvent(TASK, new EventId(id, 0), "e", DATA_JSON, this.frame, false,
				System.currentTimeMillis(), trace(id)));
		return this.output.bytes;
	}

	/**
	 * The producer context an event carries when tracing is on: sampled for one event in
	 * {@code sampledEvery}, as a publisher's parent-based sampler at that rate leaves it.
	 * Made in {@link #setUp()}, as the gateway gets it parsed from the envelope: its
	 * formatting is not part of what is measured.
	 */
	private @Nullable TraceContext trace(long id) {
		return (this.traces.length == 0) ? null : this.traces[(int) (id % this.traces.length)];
	}

	private static TraceContext[] traces(int sampledEvery) {
		TraceContext[] traces = new TraceContext[TRACE_CONTEXTS];
		for (int i = 0; i < traces.length; i++) {
			String flags = (i % sampledEvery == 0) ? "01" : "00";
			traces[i] = new TraceContext(String.format("00-%032x-%016x-%s", i + 1, i + 1, flags), null);
		}
		return traces;
	}

	/**
	 * An exporter that drops every span.
	 */
	private static final class DroppingExporter implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
