package io.ssegate.gateway.stream;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.protocol.EventId;
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

	private final CountingOutput output = new CountingOutput();

	private static final String DATA = "x".repeat(100);

	private static final String DATA_JSON = "\"" + DATA + "\"";

	private final SseFrame frame = SseFrame.event("1764000000000-1", "e", DATA);

	private StreamRegistry registry;

	private long nextId;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		StreamMeters metrics = new StreamMeters(new SimpleMeterRegistry());
		this.registry = new StreamRegistry(metrics, new FanOutLanes(1, Integer.MAX_VALUE));
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

	/**
	 * One event to every connection, written on the calling thread as in the gateway.
	 * @return the bytes written so far, so that the work is not eliminated
	 */
	@Benchmark
	public long deliver() {
		this.registry.deliver(new TaskEvent(TASK, new EventId(++this.nextId, 0), "e", DATA_JSON, this.frame, false,
				System.currentTimeMillis()));
		return this.output.bytes;
	}

}
