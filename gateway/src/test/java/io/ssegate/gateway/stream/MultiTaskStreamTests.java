package io.ssegate.gateway.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.protocol.EventId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MultiTaskStreamTests {

	private final StreamMeters metrics = new StreamMeters(new SimpleMeterRegistry());

	private final FakeOutput output = new FakeOutput();

	private final List<String> left = new ArrayList<>();

	private MultiTaskStream stream;

	private TaskFollower a;

	private TaskFollower b;

	@BeforeEach
	void open() throws IOException {
		StreamWriter writer = new StreamWriter(1024, 60_000, this.metrics);
		writer.start(this.output.asyncContext());
		String resumeA = MultiTaskEventId.PREFIX
				+ MultiTaskEventId.entry(MultiTaskEventId.taskHash("a"), new EventId(5, 0));
		StreamTasks tasks = StreamTasks.of(new String[] { "a", "b" }, resumeA, 32);
		this.stream = new MultiTaskStream(writer, tasks, (connection) -> this.left.add(connection.taskId()));
		this.a = new TaskFollower("a", new EventId(5, 0), this.stream, this.metrics);
		this.b = new TaskFollower("b", EventId.ZERO, this.stream, this.metrics);
	}

	@Test
	void eachEventNamesItsTaskAndCarriesEveryTasksPosition() {
		this.a.openedWith(new Replay(false, null, List.of(event("a", 6, false))));
		this.b.openedWith(new Replay(false, null, List.of(event("b", 3, false))));
		this.a.offerLive(event("a", 7, false));

		String hashA = MultiTaskEventId.taskHash("a");
		String hashB = MultiTaskEventId.taskHash("b");
		assertThat(this.output.text()).isEqualTo("""
				id: m1.%1$s6
				event: progress
				data: {"taskId":"a","data":{"n":6}}

				id: m1.%1$s6.%2$s3
				event: progress
				data: {"taskId":"b","data":{"n":3}}

				id: m1.%1$s7.%2$s3
				event: progress
				data: {"taskId":"a","data":{"n":7}}

				""".formatted(hashA, hashB));
		assertThat(MultiTaskEventId.parse("m1." + hashA + "7." + hashB + "3"))
			.isEqualTo(Map.of(hashA, new EventId(7, 0), hashB, new EventId(3, 0)));
	}

	@Test
	void anEndedTaskLeavesAndTheStreamEndsWithTheLast() {
		this.a.openedWith(new Replay(false, null, List.of()));
		this.b.openedWith(new Replay(false, null, List.of()));

		this.a.offerLive(event("a", 6, true));
		assertThat(this.left).containsExactly("a");
		assertThat(this.output.completions).isZero();
		this.a.offerLive(event("a", 8, false));
		this.b.offerLive(event("b", 4, false));
		assertThat(this.output.text()).contains("\"n\":6").doesNotContain("\"n\":8").contains("\"n\":4");
		assertThat(this.output.completions).isZero();

		this.b.offerLive(event("b", 5, true));

		assertThat(this.left).containsExactly("a", "b");
		assertThat(this.output.completions).isOne();
	}

	@Test
	void theGapSignalNamesItsTask() {
		this.a.openedWith(new Replay(true, null, List.of(event("a", 9, false))));

		assertThat(this.output.text()).startsWith("event: gap\ndata: {\"after\":\"5-0\",\"taskId\":\"a\"}\n\nid: m1."
				+ MultiTaskEventId.taskHash("a") + "9\n");
	}

	@Test
	void eventsAfterTheRetryHintAreDroppedAndDoNotMoveTheTasksPosition() {
		this.a.openedWith(new Replay(false, null, List.of()));
		this.b.openedWith(new Replay(false, null, List.of()));
		this.output.ready = false;
		SseFrame retry = SseFrame.retry(Duration.ofSeconds(3));

		this.stream.endWithRetry(retry, StreamEnd.DRAIN);
		this.b.offerLive(event("b", 1, false));
		this.output.becomeWritable();

		assertThat(this.output.text()).isEqualTo(retry.text());
		assertThat(this.b.lastId()).isEqualTo(EventId.ZERO);
		assertThat(this.output.completions).isOne();
	}

	private static TaskEvent event(String taskId, int millis, boolean terminal) {
		String data = "{\"n\":" + millis + "}";
		return new TaskEvent(taskId, new EventId(millis, 0), "progress", data,
				SseFrame.event(millis + "-0", "progress", data), terminal, System.currentTimeMillis());
	}

}
