package io.ssegate.gateway.broker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.Publisher;
import io.ssegate.gateway.support.QuietOutput;
import io.ssegate.gateway.support.SseStream;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.testing.redis.RedisBinaryServer;
import io.ssegate.testing.redis.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis goes away and comes back while a stream is open.
 */
class RedisRecoveryIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private RedisBinaryServer redis;

	private GatewayNodes node;

	private Notifier notifier;

	@BeforeEach
	void start() {
		this.redis = RedisServers.startBinary();
		this.node = GatewayNodes.start(1, "spring.data.redis.url=redis://127.0.0.1:" + this.redis.port(),
				"ssegate.stream.heartbeat-interval=200ms");
		this.notifier = Notifier.create("redis://127.0.0.1:" + this.redis.port());
	}

	@AfterEach
	void stop() {
		this.notifier.close();
		this.node.close();
		this.redis.close();
	}

	@Test
	@QuietOutput
	void streamSurvivesAnOutageAndReceivesWhatIsPublishedAfterRecovery(CapturedOutput output) throws Exception {
		MeterRegistry meters = this.node.bean(0, MeterRegistry.class);
		try (SseStream stream = SseStream.open(this.node.url(0), "t1")) {
			this.notifier.publish("t1", NotifyEvent.of("before"));
			await().atMost(WAIT).until(() -> stream.data().size() == 1);

			this.redis.stop();
			await().atMost(WAIT).until(() -> get("/actuator/health/readiness").statusCode() == 503);
			assertThat(new Publisher(this.node.url(0)).post("t1", "{\"data\":\"during\"}").getStatusCode().value())
				.isEqualTo(503);
			long heartbeats = heartbeats(stream);
			await().atMost(WAIT).until(() -> heartbeats(stream) >= heartbeats + 3);
			assertThat(stream.outcome()).isNull();

			this.redis.start();
			for (int i = 1; i <= 4; i++) {
				publishOnce("after-" + i);
			}
			await().atMost(WAIT).until(() -> stream.data().size() == 5);
			await().atMost(WAIT).until(() -> get("/actuator/health/readiness").statusCode() == 200);
			assertThat(stream.data()).containsExactly("before", "after-1", "after-2", "after-3", "after-4");
			// Redis restarted empty: the history of "before" is gone, which the page is
			// told.
			assertThat(stream.events()).extracting(ServerSentEvent::event).first().isNull();
			assertThat(stream.events()).extracting(ServerSentEvent::event).contains("gap");
			assertThat(meters.counter("ssegate.redis.reconnects").count()).isGreaterThanOrEqualTo(1);
			// One line per state change, however many reconnect attempts Lettuce makes.
			await().atMost(WAIT).until(() -> output.getOut().contains("Redis pub/sub connection is back"));
			assertThat(output).containsOnlyOnce("Redis pub/sub connection lost")
				.containsOnlyOnce("Redis pub/sub connection is back; re-synced 1 tasks");
		}
	}

	/**
	 * Publish as a service would right after Redis is back: retrying while the client
	 * reconnects, with an idempotency key so that a retry never delivers twice.
	 */
	private void publishOnce(String data) {
		NotifyEvent event = NotifyEvent.of(data).withIdempotencyKey(data);
		await().atMost(WAIT).ignoreExceptions().until(() -> this.notifier.publish("t1", event) != null);
	}

	private static long heartbeats(SseStream stream) {
		return stream.raw().stream().filter((event) -> "heartbeat".equals(event.comment())).count();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.node.managementUrl(0) + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
