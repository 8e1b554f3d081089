package io.ssegate.gateway.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.Publisher;
import io.ssegate.gateway.support.SseStream;
import io.ssegate.testing.redis.RedisServer;
import io.ssegate.testing.redis.RedisServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admission control on one node with a real Redis: while the node works on its maximum of
 * opens (Redis is paused, so they wait for their subscription and history), one more open
 * is turned away at once with a retry hint within the spread, and the opens in progress
 * complete once Redis answers.
 */
class AdmissionIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final long PAUSE_MILLIS = 3000;

	static RedisServer server;

	static GatewayNodes node;

	@BeforeAll
	static void start() {
		server = RedisServers.start();
		node = GatewayNodes.start(1, "spring.data.redis.url=redis://" + server.host() + ":" + server.port(),
				"ssegate.admission.enabled=true", "ssegate.admission.max-opening=2",
				"ssegate.admission.retry-spread=1500ms");
	}

	@AfterAll
	static void stop() {
		node.close();
		server.close();
	}

	@Test
	void anOpenBeyondTheMaximumInProgressIsToldToComeBackWithinTheSpreadAndTheOthersOpen() throws Exception {
		String taskId = "admission-" + UUID.randomUUID();
		MeterRegistry meters = node.bean(0, MeterRegistry.class);
		double busyBefore = rejected(meters);
		pauseRedis();
		CompletableFuture<List<SseStream>> opening = CompletableFuture
			.supplyAsync(() -> SseStream.openAll(node.url(0), taskId, 2));
		await().atMost(WAIT).until(() -> meters.get("ssegate.streams.opening").gauge().value() == 2);

		HttpResponse<String> told = request(taskId, "text/event-stream");
		HttpResponse<String> refused = request(taskId, "application/json");

		assertThat(told.statusCode()).as("EventSource gives up for good on anything else").isEqualTo(200);
		assertThat(told.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
		assertThat(told.body()).matches(": this node is busy opening streams; reconnect\n\nretry: \\d+\n\n");
		assertThat(Long.parseLong(told.body().replaceAll("(?s).*retry: (\\d+).*", "$1"))).isBetween(100L, 1500L);
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(rejected(meters)).isEqualTo(busyBefore + 2);

		List<SseStream> streams = opening.get();
		try {
			assertThat(streams).allSatisfy((stream) -> assertThat(stream.outcome()).isNull());
			new Publisher(node.url(0)).publish(taskId, Map.of("data", "after the pause"));
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(streams)
					.allSatisfy((stream) -> assertThat(stream.data()).containsExactly("after the pause")));
			assertThat(meters.get("ssegate.streams.opening").gauge().value()).isZero();
		}
		finally {
			streams.forEach(SseStream::close);
		}
	}

	private static void pauseRedis() {
		RedisClient client = RedisClient.create("redis://" + server.host() + ":" + server.port());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().clientPause(PAUSE_MILLIS);
		}
		finally {
			client.shutdown();
		}
	}

	private static HttpResponse<String> request(String taskId, String accept) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(node.url(0) + "/sse/register?taskId=" + taskId))
				.header("Accept", accept)
				.timeout(Duration.ofMillis(PAUSE_MILLIS / 2))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static double rejected(MeterRegistry meters) {
		return meters.get("ssegate.streams.rejected").tag("reason", "busy").counter().count();
	}

}
