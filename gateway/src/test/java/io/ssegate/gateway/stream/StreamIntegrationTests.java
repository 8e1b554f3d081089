package io.ssegate.gateway.stream;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.ssegate.gateway.support.Publisher;
import io.ssegate.gateway.support.SseStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One node on the embedded broker, over real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "ssegate.security.anonymous=true",
		"ssegate.stream.heartbeat-interval=100ms", "ssegate.demo.step-interval=10ms" })
class StreamIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	StreamRegistry registry;

	private String baseUrl;

	private Publisher publisher;

	private String taskId;

	@BeforeEach
	void setUp() {
		this.baseUrl = "http://localhost:" + this.port;
		this.publisher = new Publisher(this.baseUrl);
		this.taskId = "task-" + UUID.randomUUID();
	}

	@AfterEach
	void everyStreamIsGoneAfterwards() {
		await().atMost(WAIT).until(() -> this.registry.streamCount() == 0 && this.registry.taskCount() == 0);
	}

	@Test
	void streamOpensAtOnceWithSseHeadersAndRetryHint() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + "/sse/register?taskId=" + this.taskId))
			.build();
		HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
			// no-transform: a compressing proxy (a Node.js development server) must not
			// hold it back.
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache, no-transform");
			assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
			assertThat(body.readLine()).isEqualTo("retry: 3000");
			assertThat(body.readLine()).isEqualTo(": connected");
		}
	}

	@Test
	void subscriberReceivesPublishedEventsInOrder() {
		try (SseStream stream = SseStream.open(this.baseUrl, this.taskId)) {
			List<String> ids = new ArrayList<>();
			IntStream.rangeClosed(1, 30)
				.forEach((i) -> ids.add(this.publisher.publish(this.taskId, Map.of("event", "progress", "data", i))));
			await().atMost(WAIT).until(() -> stream.data().size() == 30);
			assertThat(stream.data())
				.containsExactlyElementsOf(IntStream.rangeClosed(1, 30).mapToObj(String::valueOf).toList());
			assertThat(stream.ids()).containsExactlyElementsOf(ids);
			assertThat(stream.events()).allMatch((event) -> "progress".equals(event.event()));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "END", "ERROR" })
	void terminalStatusDeliversTheEventThenCompletesTheStream(String status) {
		SseStream stream = SseStream.open(this.baseUrl, this.taskId);
		this.publisher.publish(this.taskId, Map.of("data", "working"));
		this.publisher.publish(this.taskId, Map.of("event", "done", "data", "bye", "status", status));
		await().atMost(WAIT).until(stream::isCompleted);
		assertThat(stream.data()).containsExactly("working", "bye");
		await().atMost(WAIT).until(() -> this.registry.streamCount() == 0);
	}

	@Test
	void everyTabOfOneTaskReceivesEveryEvent() {
		try (SseStream first = SseStream.open(this.baseUrl, this.taskId);
				SseStream second = SseStream.open(this.baseUrl, this.taskId)) {
			this.publisher.publish(this.taskId, Map.of("data", "a"));
			this.publisher.publish(this.taskId, Map.of("data", "b", "status", "END"));
			await().atMost(WAIT).until(() -> first.isCompleted() && second.isCompleted());
			assertThat(first.data()).containsExactly("a", "b");
			assertThat(second.data()).containsExactly("a", "b");
		}
	}

	@Test
	void clientsThatGoAwayAreRemovedFromTheRegistry() {
		List<SseStream> streams = IntStream.range(0, 3)
			.mapToObj((i) -> SseStream.open(this.baseUrl, this.taskId))
			.toList();
		await().atMost(WAIT).until(() -> this.registry.streamCount() == 3);
		streams.forEach(SseStream::close);
		await().atMost(WAIT).until(() -> this.registry.streamCount() == 0 && this.registry.taskCount() == 0);
	}

	@Test
	void idleStreamsReceiveHeartbeatComments() {
		try (SseStream stream = SseStream.open(this.baseUrl, this.taskId)) {
			await().atMost(WAIT)
				.until(() -> stream.raw().stream().filter((event) -> "heartbeat".equals(event.comment())).count() >= 2);
			assertThat(stream.events()).isEmpty();
		}
	}

	@Test
	void resumingWithLastEventIdReceivesExactlyTheLaterEvents() {
		List<String> ids = IntStream.rangeClosed(1, 5)
			.mapToObj((i) -> this.publisher.publish(this.taskId, Map.of("data", i)))
			.toList();
		try (SseStream stream = SseStream.open(this.baseUrl, this.taskId, ids.get(1))) {
			this.publisher.publish(this.taskId, Map.of("data", 6));
			await().atMost(WAIT).until(() -> stream.data().size() == 4);
			assertThat(stream.data()).containsExactly("3", "4", "5", "6");
		}
	}

	@Test
	void firstConnectionMayResumeWithTheLastEventIdParameter() throws Exception {
		String first = this.publisher.publish(this.taskId, Map.of("data", "old"));
		this.publisher.publish(this.taskId, Map.of("data", "new", "status", "END"));
		HttpResponse<String> response = get("/sse/register?taskId=" + this.taskId + "&lastEventId=" + first);
		assertThat(response.body()).contains("data: new").doesNotContain("data: old");
	}

	@Test
	void lateSubscriberOfAFinishedTaskReceivesItsHistoryAndIsClosed() {
		this.publisher.publish(this.taskId, Map.of("data", "step"));
		this.publisher.publish(this.taskId, Map.of("event", "completed", "data", "result", "status", "END"));
		SseStream late = SseStream.open(this.baseUrl, this.taskId);
		await().atMost(WAIT).until(late::isCompleted);
		assertThat(late.data()).containsExactly("step", "result");
	}

	@Test
	void reconnectAfterTheFinalEventGetsNoContentSoEventSourceStops() throws Exception {
		String last = this.publisher.publish(this.taskId, Map.of("data", "done", "status", "END"));
		HttpResponse<String> response = get("/sse/register?taskId=" + this.taskId, "Last-Event-ID", last);
		assertThat(response.statusCode()).isEqualTo(204);
		await().atMost(WAIT).until(() -> this.registry.streamCount() == 0);
	}

	@Test
	void publishAfterTheTaskEndedIsAConflict() {
		this.publisher.publish(this.taskId, Map.of("data", "done", "status", "END"));
		ResponseEntity<String> response = this.publisher.post(this.taskId, "{\"data\":\"late\"}");
		assertThat(response.getStatusCode().value()).isEqualTo(409);
	}

	@Test
	void idempotencyKeyDeliversARetriedPublishOnce() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/tasks/" + this.taskId + "/events"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", "step-1")
			.POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"once\"}"))
			.build();
		String first = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
		String second = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
		assertThat(second).isEqualTo(first);
		this.publisher.publish(this.taskId, Map.of("data", "end", "status", "END"));
		SseStream late = SseStream.open(this.baseUrl, this.taskId);
		await().atMost(WAIT).until(late::isCompleted);
		assertThat(late.data()).containsExactly("once", "end");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "{\"event\":\"bad\\nname\",\"data\":1}", "{\"status\":\"end\"}",
			"{\"unknown\":1}", "{\"event\":\"\"}", "[1,2]" })
	void invalidPublishBodiesGetAProblemDetail(String body) {
		ResponseEntity<String> response = this.publisher.post(this.taskId, body);
		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
		assertThat(response.getBody()).contains("\"status\":400");
	}

	@Test
	void oversizePayloadIsRejected() {
		ResponseEntity<String> response = this.publisher.post(this.taskId, "{\"data\":\"" + "x".repeat(70_000) + "\"}");
		assertThat(response.getStatusCode().value()).isEqualTo(413);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/sse/register", "/sse/register?taskId=", "/sse/register?taskId=a%20b",
			"/sse/register?taskId=a%0Ab", "/sse/register?taskId=%7Bx%7D" })
	void invalidTaskIdsGetAProblemDetail(String path) throws Exception {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void invalidLastEventIdGetsAProblemDetail() throws Exception {
		HttpResponse<String> response = get("/sse/register?taskId=" + this.taskId, "Last-Event-ID", "nope");
		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void demoTaskReportsProgressThenCompletes() {
		String demoTask = RestClient.create(this.baseUrl)
			.post()
			.uri("/api/demo/tasks")
			.retrieve()
			.body(Map.class)
			.get("taskId")
			.toString();
		SseStream stream = SseStream.open(this.baseUrl, demoTask);
		await().atMost(WAIT).until(stream::isCompleted);
		assertThat(stream.events()).extracting(ServerSentEvent::event).last().isEqualTo("completed");
		assertThat(stream.events()).hasSize(10);
	}

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(10));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
