package io.ssegate.gateway.task;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.SseStream;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task API on two nodes over one Redis: a task's state with the streams of every
 * node, its history as JSON, deleting it, and the receivers of a publish.
 */
class TaskApiIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	static GatewayNodes nodes;

	private final String taskId = "task-" + UUID.randomUUID();

	private final List<SseStream> streams = new ArrayList<>();

	@BeforeAll
	static void startNodes() {
		nodes = GatewayNodes.start(2, "spring.data.redis.url=" + redis.url(), "ssegate.rebalance.interval=200ms",
				"ssegate.rebalance.enabled=false", "ssegate.tasks.max-limit=50", "ssegate.tasks.deleted-retention=60s");
	}

	@AfterAll
	static void stopNodes() {
		nodes.close();
	}

	@AfterEach
	void closeStreams() {
		this.streams.forEach(SseStream::close);
	}

	@Test
	void publishAnswerCountsTheNodesThatFollowTheTask() {
		TaskApi api = new TaskApi(nodes.url(0));
		assertThat(api.publish(this.taskId, Map.of("data", "nobody")).getBody()).containsEntry("receivers", 0);
		follow(0, 2);
		assertThat(api.publish(this.taskId, Map.of("data", "one node")).getBody()).containsEntry("receivers", 1);
		follow(1, 1);
		assertThat(api.publish(this.taskId, Map.of("data", "two nodes")).getBody()).containsEntry("receivers", 2);
	}

	@Test
	void stateTellsTheHistoryAndCountsTheStreamsOfEveryNode() {
		TaskApi api = new TaskApi(nodes.url(1));
		String first = publish(Map.of("event", "progress", "data", 1, "status", "RUNNING"));
		String last = publish(Map.of("event", "progress", "data", 2, "status", "RUNNING"));
		follow(0, 2);
		follow(1, 1);

		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(api.get("/api/tasks/" + this.taskId).getBody()).containsEntry("followers", 3));
		ResponseEntity<Map<String, Object>> state = api.get("/api/tasks/" + this.taskId);
		assertThat(state.getStatusCode().value()).isEqualTo(200);
		assertThat(state.getBody()).containsEntry("taskId", this.taskId)
			.containsEntry("state", "running")
			.containsEntry("status", "RUNNING")
			.containsEntry("lastEventId", last)
			.containsEntry("length", 2)
			.containsEntry("oldestEventId", first);

		this.streams.remove(0).close();
		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(api.get("/api/tasks/" + this.taskId).getBody()).containsEntry("followers", 2));
	}

	@Test
	void eventsAreReadAfterAnIdAndBoundedByTheLimit() {
		List<String> ids = IntStream.rangeClosed(1, 5)
			.mapToObj((i) -> publish(Map.of("event", "step", "data", Map.of("step", i))))
			.toList();
		TaskApi api = new TaskApi(nodes.url(1));

		ResponseEntity<Map<String, Object>> page = api
			.get("/api/tasks/" + this.taskId + "/events?after=" + ids.get(1) + "&limit=2");

		assertThat(page.getStatusCode().value()).isEqualTo(200);
		assertThat(page.getBody()).containsEntry("gap", false).containsEntry("ended", false);
		List<Map<String, Object>> events = events(page);
		assertThat(events).extracting((event) -> event.get("id")).containsExactly(ids.get(2), ids.get(3));
		assertThat(events.get(0)).containsEntry("event", "step").containsEntry("data", Map.of("step", 3));
		assertThat(events(api.get("/api/tasks/" + this.taskId + "/events"))).hasSize(5);
	}

	@Test
	void badRequestsGetProblemDetails() {
		publish(Map.of("data", "x"));
		TaskApi api = new TaskApi(nodes.url(0));
		assertProblem(api.get("/api/tasks/unknown-" + UUID.randomUUID()), 404);
		assertProblem(api.get("/api/tasks/unknown-" + UUID.randomUUID() + "/events"), 404);
		assertProblem(api.get("/api/tasks/bad*id"), 400);
		assertProblem(api.get("/api/tasks/" + this.taskId + "/events?after=yesterday"), 400);
		assertProblem(api.get("/api/tasks/" + this.taskId + "/events?limit=0"), 400);
		assertProblem(api.get("/api/tasks/" + this.taskId + "/events?limit=51"), 400);
		assertThat(api.get("/api/tasks/" + this.taskId + "/events?limit=50").getStatusCode().value()).isEqualTo(200);
		assertThat(api.delete("/api/tasks/unknown-" + UUID.randomUUID()).getStatusCode().value()).isEqualTo(404);
	}

	@Test
	void deleteEndsTheStreamsOnEveryNodeThenReconnectsGetNoContentAndTheKeysExpire() throws Exception {
		publish(Map.of("data", "started", "status", "RUNNING"));
		follow(0, 1);
		follow(1, 1);

		assertThat(new TaskApi(nodes.url(1)).delete("/api/tasks/" + this.taskId).getStatusCode().value())
			.isEqualTo(204);

		await().atMost(WAIT).until(() -> this.streams.stream().allMatch(SseStream::isCompleted));
		ServerSentEvent<String> last = this.streams.get(0).events().getLast();
		assertThat(last.event()).isEqualTo(TaskController.DELETED_EVENT);
		assertThat(this.streams)
			.allSatisfy((stream) -> assertThat(stream.events().getLast().id()).isEqualTo(last.id()));
		for (int node = 0; node < nodes.size(); node++) {
			assertThat(reconnect(nodes.url(node), String.valueOf(last.id())).statusCode()).isEqualTo(204);
		}
		Map<String, Object> state = new TaskApi(nodes.url(0)).get("/api/tasks/" + this.taskId).getBody();
		assertThat(state).containsEntry("state", "ended").containsEntry("status", "END");
		long ttl = redis.commands().ttl("ssegate:{" + this.taskId + "}:history");
		assertThat(ttl).isBetween(1L, 60L);
		assertThat(new TaskApi(nodes.url(0)).delete("/api/tasks/" + this.taskId).getStatusCode().value())
			.isEqualTo(204);
	}

	private void follow(int node, int count) {
		this.streams.addAll(SseStream.openAll(nodes.url(node), this.taskId, count));
	}

	private String publish(Map<String, ?> body) {
		return String.valueOf(new TaskApi(nodes.url(0)).publish(this.taskId, body).getBody().get("id"));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> events(ResponseEntity<Map<String, Object>> page) {
		return (List<Map<String, Object>>) page.getBody().get("events");
	}

	private static void assertProblem(ResponseEntity<Map<String, Object>> answer, int status) {
		assertThat(answer.getStatusCode().value()).isEqualTo(status);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getBody()).containsEntry("status", status);
	}

	private HttpResponse<String> reconnect(String baseUrl, String lastEventId) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/sse/register?taskId=" + this.taskId))
			.header("Last-Event-ID", lastEventId)
			.timeout(Duration.ofSeconds(10))
			.build();
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
	}

}
