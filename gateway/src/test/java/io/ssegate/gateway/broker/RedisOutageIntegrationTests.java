package io.ssegate.gateway.broker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.Publisher;
import io.ssegate.gateway.support.QuietOutput;
import io.ssegate.testing.redis.RedisServer;
import io.ssegate.testing.redis.RedisServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node whose Redis went away fails loudly instead of dropping events.
 */
@QuietOutput
class RedisOutageIntegrationTests {

	static RedisServer server;

	static GatewayNodes node;

	/** The class's output, from before the node started. */
	static CapturedOutput output;

	@BeforeAll
	static void startNodeThenStopRedis(CapturedOutput classOutput) {
		output = classOutput;
		server = RedisServers.start();
		node = GatewayNodes.start(1, "spring.data.redis.url=redis://" + server.host() + ":" + server.port());
		new Publisher(node.url(0)).publish("before", Map.of("data", "stored"));
		server.close();
	}

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@Test
	void publishingWhileRedisIsDownAnswersServiceUnavailable() {
		ResponseEntity<String> response = new Publisher(node.url(0)).post("t1", "{\"data\":\"lost?\"}");
		assertThat(response.getStatusCode().value()).isEqualTo(503);
		assertThat(response.getHeaders().getFirst("Retry-After")).isNotBlank();
		assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
	}

	@Test
	void lossOfThePubSubConnectionIsLoggedOnce() {
		// The loss may be logged before this test begins: read the whole class's output.
		await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("Redis pub/sub connection lost"));
		assertThat(output.getOut()).containsOnlyOnce("Redis pub/sub connection lost")
			.doesNotContain("Redis pub/sub connection is back");
	}

	@Test
	void brokerAvailabilityGaugeReadsZero() {
		MeterRegistry meters = node.bean(0, MeterRegistry.class);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(meters.get("ssegate.broker.available").gauge().value()).isZero());
	}

	@Test
	void eventSourceOpeningAStreamWhileRedisIsDownIsToldWhenToComeBackNotRefused() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(node.url(0) + "/sse/register?taskId=t1"))
				.header("Accept", "text/event-stream")
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as("EventSource gives up on anything else: %s", response.body())
			.isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		Matcher retry = Pattern.compile("^retry: (\\d+)$", Pattern.MULTILINE).matcher(response.body());
		assertThat(retry.find()).as(response.body()).isTrue();
		assertThat(Long.parseLong(retry.group(1))).as("the reconnect delay plus up to the drain's jitter")
			.isBetween(3000L, 8000L);
		assertThat(response.body()).doesNotContain("id:", "data:");
	}

	@Test
	void openingAStreamWhileRedisIsDownAnswersServiceUnavailable() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(node.url(0) + "/sse/register?taskId=t1")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
	}

}
