package io.ssegate.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.event.TaskEventFactory;
import io.ssegate.protocol.ChannelMessage;
import io.ssegate.protocol.Envelope;
import io.ssegate.protocol.EnvelopeCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a node does with each pub/sub message, once per node and event: split the channel
 * message, decode the envelope JSON, render the frame.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx512m")
public class EnvelopeBenchmark {

	private static final String ENVELOPE = "{\"version\":1,\"taskId\":\"task-42\",\"event\":\"e\",\"data\":\""
			+ "17.4242.123456789012." + "x".repeat(43) + "\",\"terminal\":false,\"publishedAt\":1764000000000}";

	private static final String MESSAGE = "1764000000000-7 " + ENVELOPE;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final TaskEventFactory events = new TaskEventFactory(this.codec);

	@Benchmark
	public Envelope decodeEnvelope() {
		return this.codec.decode(ENVELOPE);
	}

	@Benchmark
	public TaskEvent channelMessageToTaskEvent() {
		ChannelMessage message = ChannelMessage.parse(MESSAGE);
		return this.events.create(message.id(), message.envelopeJson());
	}

}
