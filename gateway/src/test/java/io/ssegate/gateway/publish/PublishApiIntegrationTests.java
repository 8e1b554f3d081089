package io.ssegate.gateway.publish;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.Publisher;
import io.ssegate.gateway.support.SseStream;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP publish API on the Redis broker: idempotent retries, and its refusals as RFC
 * 9457 problem details (wrong method, content type, task id, size; ended task); the bulk
 * request's order and per-event outcomes; requests pipelined on one connection.
 */
class PublishApiIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final int MAX_PAYLOAD_BYTES = 1024;

	private static final int MAX_BATCH_EVENTS = 20;

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	static GatewayNodes node;

	private final TaskKeys keys = TaskKeys.withDefaultPrefix();

	private final JsonMapper json = JsonMapper.builder().build();

	private RestClient client;

	private String taskId;

	@BeforeAll
	static void startNode() {
		node = GatewayNodes.start(1, "spring.data.redis.url=" + redis.url(),
				"ssegate.publish.max-payload-bytes=" + MAX_PAYLOAD_BYTES,
				"ssegate.publish.max-batch-events=" + MAX_BATCH_EVENTS);
	}

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@BeforeEach
	void newTask() {
		this.client = RestClient.builder().baseUrl(node.url(0)).build();
		this.taskId = "task-" + UUID.randomUUID();
	}

	@Test
	void retriedPublishWithTheSameIdempotencyKeyIsStoredAndDeliveredOnce() {
		try (SseStream stream = SseStream.open(node.url(0), this.taskId)) {
			ResponseEntity<String> first = post("{\"data\":\"step\"}", "step-1");
			ResponseEntity<String> retried = post("{\"data\":\"step\"}", "step-1");
			ResponseEntity<String> other = post("{\"data\":\"next\"}", "step-2");

			assertThat(first.getStatusCode().value()).isEqualTo(202);
			assertThat(retried.getStatusCode().value()).isEqualTo(202);
			assertThat(id(retried)).isEqualTo(id(first));
			assertThat(id(other)).isNotEqualTo(id(first));
			assertThat(redis.commands().xlen(this.keys.history(this.taskId))).isEqualTo(2);
			await().atMost(WAIT).until(() -> stream.data().size() >= 2);
			await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> stream.data().size() == 2);
			assertThat(stream.data()).containsExactly("step", "next");
			assertThat(stream.ids()).containsExactly(id(first), id(other));
		}
	}

	@Test
	void publishAfterTheTaskEndedIsAConflictProblem() {
		new Publisher(node.url(0)).publish(this.taskId, Map.of("data", "done", "status", "END"));

		ResponseEntity<String> response = post("{\"data\":\"late\"}", null);

		assertProblem(response, 409);
		assertThat(redis.commands().xlen(this.keys.history(this.taskId))).isEqualTo(1);
	}

	@Test
	void eventLargerThanTheLimitIsAContentTooLargeProblemAndIsNotStored() {
		String data = "x".repeat(MAX_PAYLOAD_BYTES);

		ResponseEntity<String> response = post("{\"data\":\"" + data + "\"}", null);

		assertProblem(response, 413);
		assertThat(redis.commands().exists(this.keys.history(this.taskId))).isZero();
	}

	@Test
	void bodyOverTheLimitWithoutALengthIsAContentTooLargeProblemAndIsNotStored() throws Exception {
		byte[] body = ("{\"data\":\"" + "x".repeat(10 * MAX_PAYLOAD_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = send(HttpRequest.newBuilder(eventsUri(this.taskId))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":413");
		assertThat(redis.commands().exists(this.keys.history(this.taskId))).isZero();
	}

	@Test
	void bodyThatIsNotJsonIsAnUnsupportedMediaTypeProblem() {
		ResponseEntity<String> response = this.client.post()
			.uri("/api/tasks/{taskId}/events", this.taskId)
			.contentType(MediaType.TEXT_PLAIN)
			.body("{\"data\":\"x\"}")
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, answer) -> {
			})
			.toEntity(String.class);

		assertProblem(response, 415);
		assertThat(redis.commands().exists(this.keys.history(this.taskId))).isZero();
	}

	@Test
	void otherMethodsAreAMethodNotAllowedProblemNamingPost() throws Exception {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(eventsUri(this.taskId)).PUT(HttpRequest.BodyPublishers.ofString("{}")));

		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void invalidTaskIdInThePathIsABadRequestProblem() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(eventsUri("a%20b"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"x\"}")));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"status\":400", "Task id must match");
	}

	/**
	 * Requests pipelined on one connection: each answer completes on the Redis client's
	 * thread, where the connection resumes and finds the next request already waiting.
	 */
	@Test
	void pipelinedPublishesOnOneConnectionAreEachAnsweredAndStoredInOrder() throws Exception {
		int count = 30;
		StringBuilder requests = new StringBuilder();
		for (int i = 0; i < count; i++) {
			String body = "{\"event\":\"step\",\"data\":" + i + "}";
			requests.append("POST /api/tasks/")
				.append(this.taskId)
				.append("/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ")
				.append(body.length())
				.append("\r\n\r\n")
				.append(body);
		}
		URI uri = URI.create(node.url(0));
		try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
			socket.setSoTimeout(Math.toIntExact(WAIT.toMillis()));
			socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
			StringBuilder answers = new StringBuilder();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			while (occurrences(answers, "HTTP/1.1 ") < count) {
				int read = in.read(buffer);
				assertThat(read).as("answers so far: %s", answers).isPositive();
				answers.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
			}
			assertThat(occurrences(answers, "HTTP/1.1 202 ")).isEqualTo(count);
			// Each answer names its event: the ids, in order, are the history's.
			List<String> answeredIds = Pattern.compile("\"id\":\"([^\"]+)\"")
				.matcher(answers)
				.results()
				.map((match) -> match.group(1))
				.toList();
			assertThat(answeredIds).isEqualTo(historyIds(this.taskId)).hasSize(count);
		}
	}

	private static int occurrences(CharSequence text, String part) {
		int found = 0;
		for (int at = text.toString().indexOf(part); at >= 0; at = text.toString().indexOf(part, at + 1)) {
			found++;
		}
		return found;
	}

	@Test
	void bulkRequestStoresEachTasksEventsInListOrderAndAnswersEveryOutcomeInOrder() throws Exception {
		List<String> tasks = List.of(this.taskId + "-a", this.taskId + "-b", this.taskId + "-c");
		new Publisher(node.url(0)).publish(tasks.get(2), Map.of("data", "done", "status", "END"));
		StringBuilder events = new StringBuilder();
		for (int i = 0; i < 12; i++) {
			events.append((i > 0) ? "," : "")
				.append("{\"taskId\":\"")
				.append(tasks.get(i % 2))
				.append("\",\"event\":\"step\",\"data\":")
				.append(i)
				.append('}');
		}
		events.append(",{\"taskId\":\"").append(tasks.get(2)).append("\",\"data\":\"late\"}");
		events.append(",{\"taskId\":\"")
			.append(tasks.get(1))
			.append("\",\"data\":\"")
			.append("x".repeat(2 * MAX_PAYLOAD_BYTES))
			.append("\"}");

		HttpResponse<String> response = send(bulk("{\"events\":[" + events + "]}"));

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode results = this.json.readTree(response.body()).path("results");
		assertThat(results.size()).isEqualTo(14);
		for (int task = 0; task < 2; task++) {
			List<String> answered = new ArrayList<>();
			for (int i = task; i < 12; i += 2) {
				assertThat(results.get(i).path("taskId").asString()).isEqualTo(tasks.get(task));
				answered.add(results.get(i).path("id").asString());
			}
			assertThat(historyIds(tasks.get(task))).containsExactlyElementsOf(answered);
		}
		assertThat(results.get(12).path("status").asInt()).isEqualTo(409);
		assertThat(results.get(12).has("id")).isFalse();
		assertThat(results.get(13).path("status").asInt()).isEqualTo(413);
		assertThat(redis.commands().xlen(this.keys.history(tasks.get(2)))).isEqualTo(1);
	}

	@Test
	void bulkRequestWithOneInvalidEventIsABadRequestProblemAndStoresNothing() throws Exception {
		String body = "{\"events\":[{\"taskId\":\"" + this.taskId + "\",\"data\":1},{\"taskId\":\"a b\",\"data\":2}]}";

		HttpResponse<String> response = send(bulk(body));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("events[1]");
		assertThat(redis.commands().exists(this.keys.history(this.taskId))).isZero();
	}

	@Test
	void bulkRequestOverTheEventLimitIsAContentTooLargeProblemAndStoresNothing() throws Exception {
		String one = "{\"taskId\":\"" + this.taskId + "\",\"data\":1}";
		String body = "{\"events\":[" + String.join(",", Collections.nCopies(MAX_BATCH_EVENTS + 1, one)) + "]}";

		HttpResponse<String> response = send(bulk(body));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("at most " + MAX_BATCH_EVENTS);
		assertThat(redis.commands().exists(this.keys.history(this.taskId))).isZero();
	}

	private static HttpRequest.Builder bulk(String body) {
		return HttpRequest.newBuilder(URI.create(node.url(0) + "/api/events"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private List<String> historyIds(String taskId) {
		return redis.commands()
			.xrange(this.keys.history(taskId), Range.create("-", "+"))
			.stream()
			.map(StreamMessage::getId)
			.toList();
	}

	private static URI eventsUri(String taskId) {
		return URI.create(node.url(0) + "/api/tasks/" + taskId + "/events");
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return HttpClient.newHttpClient()
			.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private void assertProblem(ResponseEntity<String> response, int status) {
		assertThat(response.getStatusCode().value()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		JsonNode problem = this.json.readTree(response.getBody());
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("title").asString()).isNotBlank();
		assertThat(problem.path("detail").asString()).isNotBlank();
		assertThat(problem.path("instance").asString()).isEqualTo("/api/tasks/" + this.taskId + "/events");
	}

	private ResponseEntity<String> post(String body, String idempotencyKey) {
		return this.client.post()
			.uri("/api/tasks/{taskId}/events", this.taskId)
			.contentType(MediaType.APPLICATION_JSON)
			.headers((headers) -> {
				if (idempotencyKey != null) {
					headers.set("Idempotency-Key", idempotencyKey);
				}
			})
			.body(body)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.toEntity(String.class);
	}

	private String id(ResponseEntity<String> response) {
		return this.json.readTree(response.getBody()).path("id").asString();
	}

}
