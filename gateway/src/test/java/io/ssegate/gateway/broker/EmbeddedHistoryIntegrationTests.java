package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.Publisher;
import io.ssegate.gateway.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node without Redis keeps the last {@code ssegate.history.max-length} events of a
 * task, and a client that resumes from before them learns of the gap.
 */
class EmbeddedHistoryIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Duration QUIET = Duration.ofMillis(500);

	static GatewayNodes node;

	private String taskId;

	private List<String> ids;

	@BeforeAll
	static void startNode() {
		node = GatewayNodes.start(1, "ssegate.history.max-length=3", "ssegate.stream.heartbeat-interval=100ms");
	}

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@BeforeEach
	void publishSixEvents() {
		assertThat(node.bean(0, EventBroker.class)).isInstanceOf(EmbeddedBroker.class);
		this.taskId = "task-" + UUID.randomUUID();
		Publisher publisher = new Publisher(node.url(0));
		this.ids = IntStream.rangeClosed(1, 6)
			.mapToObj((i) -> publisher.publish(this.taskId, Map.of("data", String.valueOf(i))))
			.toList();
	}

	@Test
	void resumingFromATrimmedIdStartsWithAGapThenTheRetainedEvents() {
		try (SseStream stream = SseStream.open(node.url(0), this.taskId, this.ids.get(0))) {
			await().atMost(WAIT).until(() -> stream.events().size() >= 4);
			await().during(QUIET).atMost(WAIT).until(() -> stream.events().size() == 4);
			ServerSentEvent<String> gap = stream.events().get(0);
			assertThat(gap.event()).isEqualTo("gap");
			assertThat(gap.id()).isNull();
			assertThat(stream.data()).containsExactly("4", "5", "6");
			assertThat(stream.ids()).containsExactlyElementsOf(this.ids.subList(3, 6));
		}
	}

	@Test
	void resumingFromTheLastTrimmedIdHasNoGap() {
		try (SseStream stream = SseStream.open(node.url(0), this.taskId, this.ids.get(2))) {
			await().atMost(WAIT).until(() -> stream.events().size() >= 3);
			await().during(QUIET).atMost(WAIT).until(() -> stream.events().size() == 3);
			assertThat(stream.events()).extracting(ServerSentEvent::event).doesNotContain("gap");
			assertThat(stream.data()).containsExactly("4", "5", "6");
		}
	}

	@Test
	void newSubscriberReceivesOnlyTheRetainedEventsWithoutAGap() {
		try (SseStream stream = SseStream.open(node.url(0), this.taskId)) {
			await().atMost(WAIT).until(() -> stream.events().size() >= 3);
			await().during(QUIET).atMost(WAIT).until(() -> stream.events().size() == 3);
			assertThat(stream.events()).extracting(ServerSentEvent::event).doesNotContain("gap");
			assertThat(stream.data()).containsExactly("4", "5", "6");
		}
	}

}
