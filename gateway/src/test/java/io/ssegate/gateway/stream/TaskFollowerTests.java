package io.ssegate.gateway.stream;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.protocol.EventId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TaskFollowerTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final StreamMeters metrics = new StreamMeters(this.meters);

	private final FakeOutput output = new FakeOutput();

	private TaskFollower connection;

	@BeforeEach
	void open() throws IOException {
		StreamWriter writer = new StreamWriter(1024, 60_000, this.metrics);
		writer.start(this.output.asyncContext());
		this.connection = new TaskFollower("t", new EventId(5, 0), new SingleTaskStream(writer), this.metrics);
	}

	@Test
	void liveEventsWaitForTheStreamsHistoryAndGoOutInIdOrderOnce() {
		this.connection.offerLive(event(8));
		this.connection.offerLive(event(11));
		assertThat(this.output.text()).isEmpty();

		this.connection.openedWith(replay(false, 6, 10));

		assertThat(this.output.text()).isEqualTo(frames(6, 11));
		assertThat(this.meters.counter("ssegate.events.delivered").count()).isEqualTo(6);
	}

	@Test
	void resyncWhileTheStreamOpensDoesNotCutItsOwnHistoryShort() {
		// The broker re-syncs from a later id than this stream's, before its own reading.
		this.connection.resyncedWith(replay(false, 11, 20));
		assertThat(this.output.text()).isEmpty();

		this.connection.openedWith(replay(false, 6, 20));

		assertThat(this.output.text()).isEqualTo(frames(6, 20));
	}

	@Test
	void suspendedStreamHoldsLiveEventsUntilTheResync() {
		this.connection.openedWith(replay(false, 6, 7));
		this.connection.suspend();
		this.connection.offerLive(event(10));
		assertThat(this.output.text()).isEqualTo(frames(6, 7));

		this.connection.resyncedWith(replay(false, 8, 10));

		assertThat(this.output.text()).isEqualTo(frames(6, 10));
		this.connection.offerLive(event(11));
		assertThat(this.output.text()).isEqualTo(frames(6, 11));
	}

	@Test
	void gapInTheHistoryIsSignalledBeforeTheEvents() {
		this.connection.openedWith(replay(true, 9, 9));

		assertThat(this.output.text()).isEqualTo(SseFrame.gap(new EventId(5, 0)).text() + frames(9, 9));
	}

	private static Replay replay(boolean gap, int first, int last) {
		return new Replay(gap, null, IntStream.rangeClosed(first, last).mapToObj(TaskFollowerTests::event).toList());
	}

	private static TaskEvent event(int millis) {
		return new TaskEvent("t", new EventId(millis, 0), null, "\"e" + millis + "\"",
				SseFrame.event(millis + "-0", null, "e" + millis), false, System.currentTimeMillis());
	}

	private static String frames(int first, int last) {
		return IntStream.rangeClosed(first, last)
			.mapToObj((millis) -> event(millis).frame().text())
			.collect(Collectors.joining());
	}

}
