package io.ssegate.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.ssegate.gateway.event.SseFrame;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rendering one event as an SSE frame with its UTF-8 bytes, which every subscriber's
 * write then shares: done once per node and event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx512m")
public class SseFrameBenchmark {

	@Param("100")
	int dataBytes;

	private String data = "";

	@Setup
	public void setUp() {
		this.data = "x".repeat(this.dataBytes);
	}

	@Benchmark
	public SseFrame eventFrame() {
		return SseFrame.event("1764000000000-12", "progress", this.data);
	}

}
