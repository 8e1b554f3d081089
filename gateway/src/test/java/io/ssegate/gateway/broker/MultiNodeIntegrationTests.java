package io.ssegate.gateway.broker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.ssegate.gateway.stream.StreamRegistry;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.Publisher;
import io.ssegate.gateway.support.QuietOutput;
import io.ssegate.gateway.support.SseStream;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierOptions;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three gateway nodes on one real Redis.
 */
class MultiNodeIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	static GatewayNodes nodes;

	static Notifier notifier;

	private final TaskKeys keys = TaskKeys.withDefaultPrefix();

	private String taskId;

	@BeforeAll
	static void startNodes() {
		nodes = GatewayNodes.start(3, "spring.data.redis.url=" + redis.url(),
				"ssegate.stream.heartbeat-interval=200ms");
		notifier = Notifier.create(redis.uri());
	}

	@AfterAll
	static void stopNodes() {
		notifier.close();
		nodes.close();
	}

	@BeforeEach
	void newTask() {
		this.taskId = "task-" + UUID.randomUUID();
	}

	@AfterEach
	void everyNodeLetsGoOfItsStreams() {
		for (int node = 0; node < nodes.size(); node++) {
			StreamRegistry registry = nodes.bean(node, StreamRegistry.class);
			await().atMost(WAIT).until(() -> registry.streamCount() == 0);
		}
		await().atMost(WAIT).until(() -> redis.commands().pubsubChannels().isEmpty());
	}

	@Test
	void subscriberOnOneNodeReceivesInOrderWhatTheNotifierAndAnotherNodesApiPublish() {
		Publisher nodeC = new Publisher(nodes.url(2));
		try (SseStream stream = SseStream.open(nodes.url(0), this.taskId)) {
			List<String> ids = new ArrayList<>();
			for (int i = 1; i <= 20; i++) {
				ids.add((i % 2 == 0) ? nodeC.publish(this.taskId, Map.of("data", i))
						: notifier.publish(this.taskId, NotifyEvent.of(i)));
			}
			await().atMost(WAIT).until(() -> stream.data().size() == 20);
			assertThat(stream.data()).containsExactlyElementsOf(numbers(1, 20));
			assertThat(stream.ids()).containsExactlyElementsOf(ids);
		}
	}

	@Test
	void wideTaskReachesEveryStreamInOrderAcrossTheFanOutLanes() {
		// More streams of one task than a node writes inline (64): the rest go to lanes.
		List<SseStream> streams = SseStream.openAll(nodes.url(0), this.taskId, 80);
		try {
			IntStream.rangeClosed(1, 10).forEach((i) -> notifier.publish(this.taskId, NotifyEvent.of(i)));
			await().atMost(WAIT).until(() -> streams.stream().allMatch((stream) -> stream.data().size() == 10));
			assertThat(streams)
				.allSatisfy((stream) -> assertThat(stream.data()).containsExactlyElementsOf(numbers(1, 10)));
		}
		finally {
			streams.forEach(SseStream::close);
		}
	}

	@Test
	void endClosesTheTaskStreamsOnEveryNode() {
		List<SseStream> streams = IntStream.range(0, 3)
			.mapToObj((node) -> SseStream.open(nodes.url(node), this.taskId))
			.toList();
		awaitSubscribers(3);
		notifier.progress(this.taskId, 50);
		notifier.complete(this.taskId, "done");
		await().atMost(WAIT).until(() -> streams.stream().allMatch(SseStream::isCompleted));
		assertThat(streams).allSatisfy((stream) -> {
			assertThat(stream.data()).containsExactly("50", "done");
			assertThat(stream.events()).extracting(ServerSentEvent::event).containsExactly("progress", "completed");
		});
	}

	@Test
	void subscriberThatDropsAndReconnectsToAnotherNodeReceivesExactlyTheMissedEvents() {
		List<String> ids = new ArrayList<>();
		try (SseStream first = SseStream.open(nodes.url(0), this.taskId)) {
			IntStream.rangeClosed(1, 5).forEach((i) -> ids.add(notifier.publish(this.taskId, NotifyEvent.of(i))));
			await().atMost(WAIT).until(() -> first.data().size() == 5);
		}
		IntStream.rangeClosed(6, 10).forEach((i) -> ids.add(notifier.publish(this.taskId, NotifyEvent.of(i))));
		try (SseStream resumed = SseStream.open(nodes.url(1), this.taskId, ids.get(4))) {
			notifier.publish(this.taskId, NotifyEvent.of(11));
			await().atMost(WAIT).until(() -> resumed.data().size() >= 6);
			assertThat(resumed.data()).containsExactlyElementsOf(numbers(6, 11));
		}
	}

	@Test
	void lateSubscriberOfAFinishedTaskReceivesTheFinalEventAndIsClosed() {
		notifier.progress(this.taskId, 10);
		notifier.fail(this.taskId, "disk full");
		SseStream late = SseStream.open(nodes.url(1), this.taskId);
		await().atMost(WAIT).until(late::isCompleted);
		assertThat(late.events()).extracting(ServerSentEvent::event).containsExactly("progress", "failed");
		assertThat(late.data()).last().isEqualTo("disk full");
	}

	@Test
	void reconnectWithTheFinalEventIdGetsNoContentOnAnyNode() throws Exception {
		String finalId = notifier.complete(this.taskId, "ok");
		for (int node = 0; node < nodes.size(); node++) {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create(nodes.url(node) + "/sse/register?taskId=" + this.taskId))
				.header("Last-Event-ID", finalId)
				.build();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(204);
		}
	}

	@Test
	void taskChannelIsSubscribedOnlyWhileClientsAreConnected() {
		String channel = this.keys.channel(this.taskId);
		assertThat(numsub(channel)).isZero();
		SseStream a1 = SseStream.open(nodes.url(0), this.taskId);
		SseStream a2 = SseStream.open(nodes.url(0), this.taskId);
		SseStream b1 = SseStream.open(nodes.url(1), this.taskId);
		await().atMost(WAIT).until(() -> numsub(channel) == 2);
		assertThat(redis.commands().pubsubNumpat()).isZero();
		a1.close();
		await().atMost(WAIT).until(() -> nodes.bean(0, StreamRegistry.class).streamCount() == 1);
		assertThat(numsub(channel)).isEqualTo(2);
		a2.close();
		await().atMost(WAIT).until(() -> numsub(channel) == 1);
		b1.close();
		await().atMost(WAIT).until(() -> numsub(channel) == 0);
	}

	@Test
	void nodesReceiveNoTrafficForTasksTheyHoldNoConnectionFor() {
		try (SseStream stream = SseStream.open(nodes.url(0), this.taskId)) {
			awaitSubscribers(1);
			assertThat(redis.commands().pubsubChannels()).containsExactly(this.keys.channel(this.taskId));
			assertThat(redis.commands().pubsubNumpat()).isZero();
		}
	}

	@Test
	@QuietOutput
	void eventsPublishedWhileThePubSubConnectionIsDownStillArriveExactlyOnce(CapturedOutput output) {
		try (SseStream stream = SseStream.open(nodes.url(0), this.taskId)) {
			awaitSubscribers(1);
			IntStream.rangeClosed(1, 3).forEach((i) -> notifier.publish(this.taskId, NotifyEvent.of(i)));
			await().atMost(WAIT).until(() -> stream.data().size() == 3);
			assertThat(redis.killPubSubClients()).isPositive();
			IntStream.rangeClosed(4, 10).forEach((i) -> notifier.publish(this.taskId, NotifyEvent.of(i)));
			await().atMost(WAIT).until(() -> stream.data().size() == 10);
			IntStream.rangeClosed(11, 15).forEach((i) -> notifier.publish(this.taskId, NotifyEvent.of(i)));
			await().atMost(WAIT).until(() -> stream.data().size() >= 15);
			assertThat(stream.data()).containsExactlyElementsOf(numbers(1, 15));
			assertThat(stream.isCompleted()).isFalse();
			// Each node that lost its pub/sub connection logs once that it is back.
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(occurrences(output, "Redis pub/sub connection is back")).isPositive()
					.isEqualTo(occurrences(output, "Redis pub/sub connection lost")));
		}
	}

	@Test
	void resumingFromAnIdOlderThanTheHistoryStartsWithAGapEvent() {
		NotifierOptions shortHistory = NotifierOptions.builder().historyMaxLength(3).build();
		try (Notifier trimming = Notifier.create(redis.uri(), shortHistory)) {
			List<String> ids = IntStream.rangeClosed(1, 6)
				.mapToObj((i) -> trimming.publish(this.taskId, NotifyEvent.of(i)))
				.toList();
			try (SseStream stream = SseStream.open(nodes.url(2), this.taskId, ids.get(0))) {
				await().atMost(WAIT).until(() -> stream.events().size() == 4);
				assertThat(stream.events().get(0).event()).isEqualTo("gap");
				assertThat(stream.events().get(0).id()).isNull();
				assertThat(stream.data()).containsExactly("4", "5", "6");
			}
		}
	}

	private static void awaitSubscribers(int expected) {
		await().atMost(WAIT)
			.until(() -> IntStream.range(0, nodes.size())
				.map((node) -> nodes.bean(node, StreamRegistry.class).streamCount())
				.sum() == expected);
	}

	private static long numsub(String channel) {
		return redis.commands().pubsubNumsub(channel).getOrDefault(channel, 0L);
	}

	private static int occurrences(CapturedOutput output, String line) {
		return output.getOut().split(Pattern.quote(line), -1).length - 1;
	}

	private static List<String> numbers(int from, int to) {
		return IntStream.rangeClosed(from, to).mapToObj(String::valueOf).toList();
	}

}
