package io.ssegate.gateway.stream;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.system.GatewayMetrics;
import io.ssegate.notifier.protocol.EventId;
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

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Fan-out of one event to every local connection of its task, through the gateway's own
 * classes (registry, connection, writer) up to the emitter, whose send only counts: what
 * Spring MVC and Tomcat then do per write is measured end to end by the load tool. In
 * this package because the connection and its writer are package-private. Score: time per
 * event, for all its connections.
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

	private final AtomicLong written = new AtomicLong();

	private final SseFrame frame = SseFrame.event("1764000000000-1", "e", "x".repeat(100));

	private ExecutorService virtualThreads;

	private ConnectionRegistry inline;

	private ConnectionRegistry onVirtualThreads;

	private long nextId;

	@Setup(Level.Trial)
	public void setUp() {
		GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
		this.virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
		this.inline = registry(metrics, Runnable::run);
		this.onVirtualThreads = registry(metrics, this.virtualThreads);
	}

	private ConnectionRegistry registry(GatewayMetrics metrics, Executor executor) {
		ConnectionRegistry registry = new ConnectionRegistry(metrics);
		for (int i = 0; i < this.connections; i++) {
			EmitterWriter writer = new EmitterWriter(new CountingEmitter(this.written), executor, 1024, metrics);
			Connection connection = new Connection(TASK, EventId.ZERO, writer, metrics);
			connection.finishReplay(new Replay(false, null, List.of()));
			registry.add(connection);
		}
		return registry;
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.virtualThreads.close();
	}

	/**
	 * Drain tasks run on the calling thread: the cost of the gateway's code alone.
	 */
	@Benchmark
	public void deliverInline() {
		this.inline.deliver(nextEvent());
	}

	/**
	 * Drain tasks on virtual threads, as in the gateway; waits until every connection has
	 * written the event.
	 */
	@Benchmark
	public void deliverOnVirtualThreads() {
		long target = this.written.get() + this.connections;
		this.onVirtualThreads.deliver(nextEvent());
		while (this.written.get() < target) {
			Thread.onSpinWait();
		}
	}

	private TaskEvent nextEvent() {
		return new TaskEvent(TASK, new EventId(++this.nextId, 0), this.frame, false, System.currentTimeMillis());
	}

	/**
	 * An emitter whose writes only count.
	 */
	static final class CountingEmitter extends SseEmitter {

		private final AtomicLong written;

		CountingEmitter(AtomicLong written) {
			this.written = written;
		}

		@Override
		public void send(Set<DataWithMediaType> items) throws IOException {
			this.written.incrementAndGet();
		}

	}

}
