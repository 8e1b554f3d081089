package io.ssegate.gateway.broker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.ssegate.gateway.stream.StreamRegistry;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.Publisher;
import io.ssegate.gateway.support.SseStream;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A terminal status published through one node's HTTP API ends the task's live streams on
 * every node, and every node then tells a reconnecting client that the task is over.
 */
class TerminalStatusAcrossNodesIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	static GatewayNodes nodes;

	@BeforeAll
	static void startNodes() {
		nodes = GatewayNodes.start(3, "spring.data.redis.url=" + redis.url(),
				"ssegate.stream.heartbeat-interval=200ms");
	}

	@AfterAll
	static void stopNodes() {
		nodes.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "END", "ERROR" })
	void terminalStatusPublishedOnOneNodeClosesTheStreamsOnEveryNodeThenEachAnswersNoContent(String status)
			throws Exception {
		String taskId = "task-" + UUID.randomUUID();
		List<SseStream> streams = IntStream.range(0, nodes.size())
			.mapToObj((node) -> SseStream.open(nodes.url(node), taskId))
			.toList();
		Publisher publisher = new Publisher(nodes.url(0));
		publisher.publish(taskId, Map.of("data", "half"));
		String finalId = publisher.publish(taskId, Map.of("data", "over", "status", status));

		await().atMost(WAIT).until(() -> streams.stream().allMatch(SseStream::isCompleted));
		assertThat(streams).allSatisfy((stream) -> {
			assertThat(stream.data()).containsExactly("half", "over");
			assertThat(stream.ids()).last().isEqualTo(finalId);
		});
		for (int node = 0; node < nodes.size(); node++) {
			StreamRegistry registry = nodes.bean(node, StreamRegistry.class);
			await().atMost(WAIT).until(() -> registry.streamCount() == 0);
			assertThat(reconnect(nodes.url(node), taskId, finalId).statusCode()).as("node %d", node).isEqualTo(204);
		}
	}

	private static HttpResponse<String> reconnect(String baseUrl, String taskId, String lastEventId) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/sse/register?taskId=" + taskId))
			.header("Last-Event-ID", lastEventId)
			.timeout(Duration.ofSeconds(10))
			.build();
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
	}

}
