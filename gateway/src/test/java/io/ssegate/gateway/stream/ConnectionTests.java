package io.ssegate.gateway.stream;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.system.GatewayMetrics;
import io.ssegate.protocol.EventId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final GatewayMetrics metrics = new GatewayMetrics(this.meters);

	private final FakeOutput output = new FakeOutput();

	private Connection connection;

	@BeforeEach
	void open() throws IOException {
		StreamWriter writer = new StreamWriter(1024, 60_000, this.metrics);
		writer.start(this.output.asyncContext());
		this.connection = new Connection("t", new EventId(5, 0), new SingleTaskStream(writer), this.metrics);
	}

	@Test
	void liveEventsWaitForTheStreamsHistoryAndGoOutInIdOrderOnce() {
		this.connection.offerLive(event(8));
		this.connection.offerLive(event(11));
		assertThat(this.output.text()).isEmpty();

		this.connection.finishOpen(replay(false, 6, 10));

		assertThat(this.output.text()).isEqualTo(frames(6, 11));
		assertThat(this.meters.counter("ssegate.events.delivered").count()).isEqualTo(6);
	}

	@Test
	void resyncWhileTheStreamOpensDoesNotCutItsOwnHistoryShort() {
		// The broker re-syncs from a later id than this stream's, before its own reading.
		this.connection.finishResync(replay(false, 11, 20));
		assertThat(this.output.text()).isEmpty();

		this.connection.finishOpen(replay(false, 6, 20));

		assertThat(this.output.text()).isEqualTo(frames(6, 20));
	}

	@Test
	void suspendedStreamHoldsLiveEventsUntilTheResync() {
		this.connection.finishOpen(replay(false, 6, 7));
		this.connection.suspend();
		this.connection.offerLive(event(10));
		assertThat(this.output.text()).isEqualTo(frames(6, 7));

		this.connection.finishResync(replay(false, 8, 10));

		assertThat(this.output.text()).isEqualTo(frames(6, 10));
		this.connection.offerLive(event(11));
		assertThat(this.output.text()).isEqualTo(frames(6, 11));
	}

	@Test
	void gapInTheHistoryIsSignalledBeforeTheEvents() {
		this.connection.finishOpen(replay(true, 9, 9));

		assertThat(this.output.text()).isEqualTo(Replay.gapSignal(new EventId(5, 0)).text() + frames(9, 9));
	}

	private static Replay replay(boolean gap, int first, int last) {
		return new Replay(gap, null, IntStream.rangeClosed(first, last).mapToObj(ConnectionTests::event).toList());
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
