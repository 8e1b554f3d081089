package io.ssegate.gateway.stream;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.Publisher;
import io.ssegate.gateway.support.QuietOutput;
import io.ssegate.gateway.support.ResumingSseClient;
import io.ssegate.gateway.support.SseStream;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Streams of several tasks on three nodes of one Redis: each event names its task, one
 * {@code Last-Event-ID} resumes every task exactly on any node, tasks leave the stream as
 * they end, and the stream ends with the last of them.
 */
class MultiTaskStreamIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	/** Long enough for a late duplicate to arrive: several publish round trips. */
	private static final Duration QUIET = Duration.ofMillis(700);

	private static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	static GatewayNodes nodes;

	private final List<AutoCloseable> clients = new ArrayList<>();

	@BeforeAll
	static void startNodes() {
		nodes = GatewayNodes.start(3, "spring.data.redis.url=" + redis.url(), "ssegate.stream.reconnect-delay=100ms",
				"ssegate.history.max-length=10");
	}

	@AfterAll
	static void stopNodes() {
		nodes.close();
	}

	@AfterEach
	void closeClients() throws Exception {
		for (AutoCloseable client : this.clients) {
			client.close();
		}
	}

	@Test
	void twentyTasksSurviveTheKillOfTheirNodeExactlyOnceInOrderAndEndOneByOne() {
		try (GatewayNodes own = GatewayNodes.start(3, "spring.data.redis.url=" + redis.url(),
				"ssegate.stream.reconnect-delay=100ms")) {
			List<String> tasks = newTasks(20);
			Publisher publisher = new Publisher(own.url(2));
			ResumingSseClient client = follow(List.of(own.url(0), own.url(1), own.url(2)), tasks);
			await().atMost(WAIT).until(() -> own.bean(0, StreamRegistry.class).taskCount() == 20);

			publishRound(publisher, tasks, 0, 3);
			await().atMost(WAIT).until(() -> client.data().size() == 20 * 3);
			own.kill(0);
			publishRound(publisher, tasks, 3, 6);
			await().atMost(WAIT).until(() -> client.data().size() == 20 * 6);
			assertThat(client.connections()).as("resumed once, on node 1").isEqualTo(2);

			StreamRegistry registry = own.bean(1, StreamRegistry.class);
			for (int i = 0; i < tasks.size() - 1; i++) {
				publisher.publish(tasks.get(i), Map.of("data", "end", "status", "END"));
				int running = tasks.size() - i - 1;
				await().atMost(WAIT).until(() -> registry.taskCount() == running);
			}
			assertThat(registry.streamCount()).as("open while a task runs").isOne();
			assertThat(client.connections()).isEqualTo(2);
			publisher.publish(tasks.getLast(), Map.of("data", "end", "status", "END"));

			await().atMost(WAIT).until(client::isFinished);
			await().during(QUIET).atMost(WAIT).until(() -> client.data().size() == 20 * 7);
			Map<String, List<String>> byTask = byTask(client.data());
			assertThat(byTask.keySet()).containsExactlyInAnyOrderElementsOf(tasks);
			assertThat(byTask.values())
				.allSatisfy((data) -> assertThat(data).containsExactly("0", "1", "2", "3", "4", "5", "end"));
			assertThat(endOrder(client.data())).as("each END as it was published").containsExactlyElementsOf(tasks);
			assertThat(client.connections()).as("the reconnect after the last END got 204, on node 2").isEqualTo(3);
			assertThat(registry.streamCount()).isZero();
		}
	}

	@Test
	void lateSubscriberGetsTheEndedTasksHistoryAndFollowsTheRunningOne() {
		List<String> tasks = newTasks(2);
		String ended = tasks.get(0);
		String running = tasks.get(1);
		Publisher publisher = new Publisher(nodes.url(1));
		publisher.publish(ended, Map.of("data", "a"));
		publisher.publish(ended, Map.of("data", "done", "status", "END"));
		publisher.publish(running, Map.of("data", "b"));

		SseStream stream = open(nodes.url(0), tasks, null);
		await().atMost(WAIT).until(() -> stream.data().size() == 3);
		StreamRegistry registry = nodes.bean(0, StreamRegistry.class);
		await().atMost(WAIT).until(() -> registry.taskCount() == 1);
		publisher.publish(running, Map.of("data", "c"));

		await().during(QUIET).atMost(WAIT).until(() -> stream.data().size() == 4);
		assertThat(byTask(stream.data())).containsEntry(ended, List.of("a", "done"))
			.containsEntry(running, List.of("b", "c"));
		assertThat(stream.outcome()).isNull();
	}

	@Test
	void oneMoreTaskResumesTheOthersExactlyAndReadsTheNewOneFromItsHistory() {
		List<String> tasks = newTasks(3);
		Publisher publisher = new Publisher(nodes.url(2));
		publisher.publish(tasks.get(2), Map.of("data", "c1"));
		SseStream first = open(nodes.url(0), tasks.subList(0, 2), null);
		publisher.publish(tasks.get(0), Map.of("data", "a1"));
		publisher.publish(tasks.get(1), Map.of("data", "b1"));
		await().atMost(WAIT).until(() -> first.data().size() == 2);
		first.close();
		publisher.publish(tasks.get(0), Map.of("data", "a2"));

		String lastEventId = first.ids().getLast();
		SseStream more = open(nodes.url(1), List.of(tasks.get(2), tasks.get(1), tasks.get(0)), lastEventId);

		await().during(QUIET).atMost(WAIT).until(() -> more.data().size() == 2);
		assertThat(byTask(more.data())).containsOnly(Map.entry(tasks.get(0), List.of("a2")),
				Map.entry(tasks.get(2), List.of("c1")));
	}

	@Test
	void aGapIsSignalledForTheTaskThatLostEventsOnly() {
		List<String> tasks = newTasks(2);
		Publisher publisher = new Publisher(nodes.url(0));
		SseStream first = open(nodes.url(0), tasks, null);
		publisher.publish(tasks.get(0), Map.of("data", "a0"));
		publisher.publish(tasks.get(1), Map.of("data", "b0"));
		await().atMost(WAIT).until(() -> first.data().size() == 2);
		first.close();
		IntStream.rangeClosed(1, 15).forEach((n) -> publisher.publish(tasks.get(0), Map.of("data", "a" + n)));

		SseStream resumed = open(nodes.url(2), tasks, first.ids().getLast());

		await().during(QUIET).atMost(WAIT).until(() -> resumed.data().size() == 10);
		List<ServerSentEvent<String>> gaps = resumed.events()
			.stream()
			.filter((event) -> "gap".equals(event.event()))
			.toList();
		assertThat(gaps).singleElement()
			.satisfies((gap) -> assertThat(read(gap.data()).get("taskId").stringValue()).isEqualTo(tasks.get(0)));
		assertThat(byTask(resumed.data()).get(tasks.get(0))).first().isEqualTo("a6");
	}

	@Test
	@QuietOutput
	void anEventFiledUnderAnotherTaskReachesNoStream(CapturedOutput output) {
		List<String> tasks = newTasks(2);
		String x = tasks.get(0);
		String y = tasks.get(1);
		SseStream both = open(nodes.url(0), tasks, null);
		SseStream onlyY = open(nodes.url(1), List.of(y), null);
		await().atMost(WAIT).until(() -> nodes.bean(1, StreamRegistry.class).taskCount() == 1);
		// Filed in x's history and sent on x's channel, the envelope names y.
		String envelope = "{\"version\":1,\"taskId\":\"" + y
				+ "\",\"data\":\"intruder\",\"terminal\":false,\"publishedAt\":1}";
		TaskKeys keys = TaskKeys.withDefaultPrefix();
		String id = redis.commands().xadd(keys.history(x), Map.of("e", envelope, "t", "0"));
		redis.commands().publish(keys.channel(x), id + " " + envelope);
		Publisher publisher = new Publisher(nodes.url(2));
		publisher.publish(x, Map.of("data", "x1"));
		publisher.publish(y, Map.of("data", "y1"));

		await().during(QUIET).atMost(WAIT).until(() -> both.data().size() == 2 && onlyY.data().size() == 1);
		SseStream late = open(nodes.url(2), tasks, null);
		await().during(QUIET).atMost(WAIT).until(() -> late.data().size() == 2);

		assertThat(byTask(both.data())).containsOnly(Map.entry(x, List.of("x1")), Map.entry(y, List.of("y1")));
		assertThat(onlyY.data()).containsExactly("y1");
		assertThat(byTask(late.data())).containsOnly(Map.entry(x, List.of("x1")), Map.entry(y, List.of("y1")));
		assertThat(output).contains("Dropping an event of another task", "it names another task");
	}

	@Test
	void aStreamOfTasksThatAllEndedForTheClientIsNoContent() throws Exception {
		List<String> tasks = newTasks(2);
		Publisher publisher = new Publisher(nodes.url(0));
		SseStream stream = open(nodes.url(0), tasks, null);
		tasks.forEach((task) -> publisher.publish(task, Map.of("data", "over", "status", "END")));
		await().atMost(WAIT).until(stream::isCompleted);

		HttpResponse<String> reconnect = get(nodes.url(1), "/sse/register?taskId=" + tasks.get(0) + "&taskId="
				+ tasks.get(1) + "&lastEventId=" + URLEncoder.encode(stream.ids().getLast(), StandardCharsets.UTF_8),
				WAIT);

		assertThat(reconnect.statusCode()).isEqualTo(204);
	}

	@Test
	void badStreamRequestsGetAProblemDetailAndOpenNothing() throws Exception {
		String tooMany = IntStream.range(0, 33).mapToObj((i) -> "taskId=t" + i).collect(Collectors.joining("&"));
		String validId = "m1." + MultiTaskEventId.taskHash("a") + "1";
		Map<String, String> requests = new LinkedHashMap<>();
		requests.put(tooMany, "at most 32 tasks");
		requests.put("taskId=a&taskId=b&taskId=a", "taskId a is listed twice");
		requests.put("taskId=task-169481&taskId=task-273412", "cannot share a stream");
		requests.put("taskId=a&taskId=b&lastEventId=m1.zz", "Last-Event-ID must be");
		requests.put("taskId=a&taskId=b&lastEventId=" + validId + validId.substring(2), "Last-Event-ID must be");
		requests.put("taskId=a&taskId=b&lastEventId=m1." + "x".repeat(5000), "Last-Event-ID must be");
		for (Map.Entry<String, String> request : requests.entrySet()) {
			HttpResponse<String> response = get(nodes.url(0), "/sse/register?" + request.getKey(), WAIT);
			assertThat(response.statusCode()).as(request.getKey()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(read(response.body()).get("detail").stringValue()).contains(request.getValue());
		}
		assertThat(nodes.bean(0, StreamRegistry.class).taskCount()).isZero();
	}

	private ResumingSseClient follow(List<String> urls, List<String> tasks) {
		ResumingSseClient client = ResumingSseClient.follow(urls, tasks);
		this.clients.add(client);
		return client;
	}

	private SseStream open(String url, List<String> tasks, String lastEventId) {
		SseStream stream = SseStream.open(url, tasks, lastEventId);
		this.clients.add(stream);
		return stream;
	}

	private static void publishRound(Publisher publisher, List<String> tasks, int from, int to) {
		for (int n = from; n < to; n++) {
			for (String task : tasks) {
				publisher.publish(task, Map.of("data", String.valueOf(n)));
			}
		}
	}

	private static List<String> newTasks(int count) {
		String run = UUID.randomUUID().toString().substring(0, 8);
		return IntStream.range(0, count).mapToObj((i) -> "multi-" + run + "-" + i).toList();
	}

	/**
	 * Each task's data, in arrival order, from the events of a stream of several tasks.
	 */
	private static Map<String, List<String>> byTask(List<String> data) {
		return data.stream()
			.map(MultiTaskStreamIntegrationTests::read)
			.collect(Collectors.groupingBy((event) -> event.get("taskId").stringValue(), LinkedHashMap::new,
					Collectors.mapping((event) -> event.get("data").stringValue(), Collectors.toList())));
	}

	private static List<String> endOrder(List<String> data) {
		return data.stream()
			.map(MultiTaskStreamIntegrationTests::read)
			.filter((event) -> "end".equals(event.get("data").stringValue()))
			.map((event) -> event.get("taskId").stringValue())
			.toList();
	}

	private static JsonNode read(String text) {
		return json.readTree(text);
	}

	private static HttpResponse<String> get(String baseUrl, String path, Duration timeout) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).build();
		try (HttpClient client = HttpClient.newHttpClient()) {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
	}

}
