package io.ssegate.gateway.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.protocol.EventId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StreamRegistryTests {

	private static final String WIDE = "wide";

	private static final String NARROW = "narrow";

	private final StreamMeters metrics = new StreamMeters(new SimpleMeterRegistry());

	private final FanOutLanes lanes = new FanOutLanes(2, 3);

	private final StreamRegistry registry = new StreamRegistry(this.metrics, this.lanes);

	private final List<ClientStream> streams = new ArrayList<>();

	@AfterEach
	void closeLanes() {
		this.lanes.close();
	}

	@Test
	void wideTaskIsWrittenInlineUpToTheLimitThenOnTheLanesEveryConnectionInOrder() throws IOException {
		List<FakeOutput> wide = open(WIDE, 10);
		List<FakeOutput> narrow = open(NARROW, 2);
		List<TaskEvent> events = IntStream.rangeClosed(1, 200).mapToObj((i) -> event(WIDE, i)).toList();
		events.forEach(this.registry::deliver);
		this.registry.deliver(event(NARROW, 1));
		String expected = events.stream().map((event) -> event.frame().text()).collect(Collectors.joining());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> wide.stream().allMatch((out) -> out.text().equals(expected)));
		String thread = Thread.currentThread().getName();
		assertThat(wide.subList(0, 3)).allSatisfy((out) -> assertThat(out.threads).containsExactly(thread));
		assertThat(wide.subList(3, 10))
			.allSatisfy((out) -> assertThat(out.threads).singleElement().asString().startsWith("ssegate-fan-out-"));
		assertThat(wide.subList(3, 10).stream().flatMap((out) -> out.threads.stream()).distinct()).as("both lanes")
			.hasSize(2);
		assertThat(narrow).allSatisfy((out) -> {
			assertThat(out.text()).isEqualTo(event(NARROW, 1).frame().text());
			assertThat(out.threads).containsExactly(thread);
		});
	}

	@Test
	void removedConnectionsLeaveTheRegistryAndTheirTask() throws IOException {
		List<TaskFollower> connections = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			connections.add(connection(WIDE, new FakeOutput()));
		}
		assertThat(this.registry.streamCount()).isEqualTo(5);
		assertThat(this.registry.taskCount()).isOne();
		connections.forEach(this.registry::remove);
		assertThat(this.registry.taskCount()).isZero();
		assertThat(this.registry.streamCount()).as("streams are removed on their own").isEqualTo(5);
		this.streams.forEach(this.registry::remove);
		assertThat(this.registry.streamCount()).isZero();
	}

	@Test
	void streamOfSeveralTasksCountsOnceAndGetsOneHeartbeat() throws IOException {
		FakeOutput output = new FakeOutput();
		StreamWriter writer = new StreamWriter(1024, 60_000, this.metrics);
		writer.start(output.asyncContext());
		StreamTasks tasks = StreamTasks.of(new String[] { WIDE, NARROW, "third" }, null, 32);
		MultiTaskStream stream = new MultiTaskStream(writer, tasks, this.registry::remove);
		this.registry.add(stream);
		tasks.taskIds()
			.forEach((taskId) -> this.registry.add(new TaskFollower(taskId, EventId.ZERO, stream, this.metrics)));

		this.registry.sendToAll(SseFrame.HEARTBEAT);

		assertThat(this.registry.streamCount()).isOne();
		assertThat(this.registry.taskCount()).isEqualTo(3);
		assertThat(output.text()).isEqualTo(SseFrame.HEARTBEAT.text());
	}

	private List<FakeOutput> open(String taskId, int count) throws IOException {
		List<FakeOutput> outputs = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			FakeOutput output = new FakeOutput();
			connection(taskId, output);
			outputs.add(output);
		}
		return outputs;
	}

	private TaskFollower connection(String taskId, FakeOutput output) throws IOException {
		StreamWriter writer = new StreamWriter(1024, 60_000, this.metrics);
		writer.start(output.asyncContext());
		SingleTaskStream stream = new SingleTaskStream(writer);
		TaskFollower connection = new TaskFollower(taskId, EventId.ZERO, stream, this.metrics);
		connection.openedWith(new Replay(false, null, List.of()));
		this.registry.add(stream);
		this.registry.add(connection);
		this.streams.add(stream);
		return connection;
	}

	private static TaskEvent event(String taskId, int sequence) {
		return new TaskEvent(taskId, new EventId(sequence, 0), null, "\"e" + sequence + "\"",
				SseFrame.event(sequence + "-0", null, "e" + sequence), false, System.currentTimeMillis());
	}

}
