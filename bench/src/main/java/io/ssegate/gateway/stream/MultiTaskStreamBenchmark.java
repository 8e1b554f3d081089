package io.ssegate.gateway.stream;

import java.io.IOException;
import java.util.ArrayList;
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
 * CPU per delivery on a stream of several tasks against a stream of one (issue #13):
 * {@code tasks} tasks, followed either by a single-task stream each
 * ({@code tenSingleTaskStreams}) or all by one stream ({@code oneTenTaskStream}; one of
 * 32 tasks with {@code -p tasks=32}). Each operation delivers the next event of the next
 * task, round robin, through {@link StreamRegistry#deliver}, up to a Servlet output that
 * only counts, as {@link FanOutBenchmark} does. A single-task stream writes the event's
 * shared frame, rendered once per event and node (here, once per task); a stream of
 * several tasks renders its own (the task id around the data, and the composite id of
 * every task's position). Score: time per delivery.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx1g")
public class MultiTaskStreamBenchmark {

	/** A realistic event id's milliseconds, so that ids are as long as in production. */
	private static final long MILLIS = 1_764_000_000_000L;

	private static final String DATA = "x".repeat(100);

	private static final String DATA_JSON = "\"" + DATA + "\"";

	@Param({ "tenSingleTaskStreams", "oneTenTaskStream" })
	String shape;

	@Param({ "10" })
	int tasks;

	private final CountingOutput output = new CountingOutput();

	private StreamRegistry registry;

	private String[] taskIds;

	/** Each task's shared single-task frame, rendered once per event on a node. */
	private SseFrame[] frames;

	private long next;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		StreamMeters metrics = new StreamMeters(new SimpleMeterRegistry());
		this.registry = new StreamRegistry(metrics, new FanOutLanes(1, Integer.MAX_VALUE));
		this.taskIds = new String[this.tasks];
		this.frames = new SseFrame[this.tasks];
		for (int i = 0; i < this.tasks; i++) {
			this.taskIds[i] = "export-" + i;
			this.frames[i] = SseFrame.event(new EventId(MILLIS, 0).toString(), "e", DATA);
		}
		switch (this.shape) {
			case "tenSingleTaskStreams" -> {
				for (String taskId : this.taskIds) {
					open(new SingleTaskStream(writer(metrics)), List.of(taskId), metrics);
				}
			}
			case "oneTenTaskStream" -> {
				StreamTasks streamTasks = StreamTasks.of(this.taskIds, null, StreamProperties.MAX_TASKS_LIMIT);
				open(new MultiTaskStream(writer(metrics), streamTasks, this.registry::remove), List.of(this.taskIds),
						metrics);
			}
			default -> throw new IllegalArgumentException("Unknown shape " + this.shape);
		}
	}

	private StreamWriter writer(StreamMeters metrics) throws IOException {
		StreamWriter writer = new StreamWriter(1024, 3_600_000, metrics);
		writer.start(this.output.asyncContext());
		return writer;
	}

	private void open(ClientStream stream, List<String> streamTaskIds, StreamMeters metrics) {
		List<TaskFollower> connections = new ArrayList<>();
		for (String taskId : streamTaskIds) {
			connections.add(new TaskFollower(taskId, EventId.ZERO, stream, metrics));
		}
		this.registry.add(stream);
		connections.forEach(this.registry::add);
		connections.forEach((connection) -> connection.openedWith(new Replay(false, null, List.of())));
	}

	/**
	 * The next event of the next task, to the one connection that follows it.
	 * @return the bytes written so far, so that the work is not eliminated
	 */
	@Benchmark
	public long deliver() {
		long n = ++this.next;
		int task = (int) (n % this.tasks);
		this.registry.deliver(new TaskEvent(this.taskIds[task], new EventId(MILLIS + n, 0), "e", DATA_JSON,
				this.frames[task], false, System.currentTimeMillis()));
		return this.output.bytes;
	}

}
