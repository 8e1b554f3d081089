package io.ssegate.gateway.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.Publisher;
import io.ssegate.gateway.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service-level meters of streams, on one node without Redis: opened fresh or
 * resumed, closed by reason, open streams timed, gap signals, and the delay until events
 * are written.
 */
class StreamMetersIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	static GatewayNodes node;

	static MeterRegistry meters;

	static Publisher publisher;

	private String taskId;

	@BeforeAll
	static void startNode() {
		node = GatewayNodes.start(1, "ssegate.history.max-length=2");
		meters = node.bean(0, MeterRegistry.class);
		publisher = new Publisher(node.url(0));
	}

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@BeforeEach
	void newTask() {
		this.taskId = "sli-" + UUID.randomUUID();
	}

	@Test
	void aFreshStreamThatEndsWithItsTaskIsCountedOpenedAndClosedAndItsEventsDelayed() {
		double opened = opened("false");
		double ended = closed("task_ended");
		double delays = meters.get("ssegate.delivery.delay").timer().count();
		try (SseStream stream = SseStream.open(node.url(0), this.taskId)) {
			await().atMost(WAIT).until(() -> opened("false") == opened + 1);
			assertThat(meters.get("ssegate.streams.open").longTaskTimer().activeTasks()).isPositive();
			publisher.publish(this.taskId, Map.of("data", "half"));
			publisher.publish(this.taskId, Map.of("data", "done", "status", "END"));
			await().atMost(WAIT).until(stream::isCompleted);
		}

		await().atMost(WAIT).until(() -> closed("task_ended") == ended + 1);
		assertThat(meters.get("ssegate.delivery.delay").timer().count()).isEqualTo((long) delays + 2);
		assertThat(meters.get("ssegate.delivery.delay").timer().takeSnapshot().histogramCounts()).as("SLO buckets")
			.isNotEmpty();
	}

	@Test
	void aResumeIsCountedApartFromFreshOpens() {
		String first = publisher.publish(this.taskId, Map.of("data", 1));
		double fresh = opened("false");
		double resumed = opened("true");

		try (SseStream stream = SseStream.open(node.url(0), this.taskId, first)) {
			await().atMost(WAIT).until(() -> opened("true") == resumed + 1);
		}

		assertThat(opened("false")).isEqualTo(fresh);
	}

	@Test
	void aClientThatLeavesIsCountedClientGoneAndNoLongerTimed() {
		double gone = closed("client_gone");
		SseStream stream = SseStream.open(node.url(0), this.taskId);
		await().atMost(WAIT).until(() -> node.bean(0, StreamRegistry.class).streamCount() == 1);

		stream.close();

		await().atMost(WAIT).until(() -> closed("client_gone") == gone + 1);
		await().atMost(WAIT).until(() -> meters.get("ssegate.streams.open").longTaskTimer().activeTasks() == 0);
	}

	@Test
	void aResumeAfterEventsNoLongerKeptSendsAGapSignalAndCountsIt() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ids.add(publisher.publish(this.taskId, Map.of("data", i)));
		}
		double gaps = meters.get("ssegate.gap.signals").counter().count();

		try (SseStream stream = SseStream.open(node.url(0), this.taskId, ids.get(0))) {
			await().atMost(WAIT).until(() -> stream.events().stream().anyMatch((event) -> "gap".equals(event.event())));
		}

		assertThat(meters.get("ssegate.gap.signals").counter().count()).isEqualTo(gaps + 1);
	}

	private static double opened(String resume) {
		return meters.get("ssegate.streams.opened").tag("resume", resume).counter().count();
	}

	private static double closed(String reason) {
		return meters.get("ssegate.streams.closed").tag("reason", reason).counter().count();
	}

}
