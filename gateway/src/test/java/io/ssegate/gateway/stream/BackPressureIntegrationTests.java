package io.ssegate.gateway.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.gateway.support.Publisher;
import io.ssegate.gateway.support.QuietOutput;
import io.ssegate.gateway.support.SseStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TaskFollower limits and slow consumers, on one embedded node over real sockets.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "ssegate.security.anonymous=true",
		"ssegate.stream.heartbeat-interval=100ms", "ssegate.stream.max-streams=3", "ssegate.stream.queue-capacity=32" })
class BackPressureIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	StreamRegistry registry;

	@Autowired
	MeterRegistry meters;

	private String baseUrl;

	private String taskId;

	@BeforeEach
	void setUp() {
		this.baseUrl = "http://localhost:" + this.port;
		this.taskId = "task-" + UUID.randomUUID();
	}

	@AfterEach
	void everyStreamIsGoneAfterwards() {
		await().atMost(WAIT).until(() -> this.registry.streamCount() == 0);
	}

	@Test
	void streamsBeyondTheNodeLimitGetServiceUnavailableWithRetryAfter() throws Exception {
		double rejectedBefore = rejected("limit");
		try (SseStream a = SseStream.open(this.baseUrl, this.taskId);
				SseStream b = SseStream.open(this.baseUrl, this.taskId);
				SseStream c = SseStream.open(this.baseUrl, "other-" + this.taskId)) {
			await().atMost(WAIT).until(() -> this.registry.streamCount() == 3);
			HttpResponse<String> refused = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/sse/register?taskId=" + this.taskId)).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
			assertThat(refused.body()).contains("maximum of 3 streams");
			assertThat(rejected("limit")).isEqualTo(rejectedBefore + 1);
		}
	}

	@Test
	void anEventSourceBeyondTheNodeLimitIsToldToReconnectNowInsteadOfRefused() throws Exception {
		double rejectedBefore = rejected("limit");
		try (SseStream a = SseStream.open(this.baseUrl, this.taskId);
				SseStream b = SseStream.open(this.baseUrl, this.taskId);
				SseStream c = SseStream.open(this.baseUrl, "other-" + this.taskId)) {
			await().atMost(WAIT).until(() -> this.registry.streamCount() == 3);
			HttpResponse<String> told = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/sse/register?taskId=" + this.taskId))
					.header("Accept", "text/event-stream")
					.build(), HttpResponse.BodyHandlers.ofString());
			// EventSource gives up for good on a 503; a 200 that ends makes it reconnect,
			// through a load balancer to another node, after the retry hint.
			assertThat(told.statusCode()).isEqualTo(200);
			assertThat(told.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
			assertThat(told.headers().firstValue("Cache-Control")).hasValue("no-cache, no-transform");
			assertThat(told.headers().firstValue("X-Accel-Buffering")).hasValue("no");
			assertThat(told.body()).matches(": this node takes no new streams; reconnect\n\nretry: \\d+\n\n");
			long retry = Long.parseLong(told.body().replaceAll("(?s).*retry: (\\d+).*", "$1"));
			assertThat(retry).isBetween(100L, 1000L);
			assertThat(rejected("limit")).isEqualTo(rejectedBefore + 1);
		}
	}

	@Test
	@QuietOutput
	void stalledReaderIsDisconnectedAndItsSocketClosedWhileOtherReadersReceiveEveryEvent(CapturedOutput output)
			throws Exception {
		double slowBefore = this.meters.counter("ssegate.streams.slow.disconnects").count();
		Publisher publisher = new Publisher(this.baseUrl);
		try (Socket stalled = openWithoutReading(); SseStream fast = SseStream.open(this.baseUrl, this.taskId)) {
			await().atMost(WAIT).until(() -> this.registry.streamCount() == 2);
			String payload = "x".repeat(32 * 1024);
			IntStream.rangeClosed(1, 200)
				.forEach((i) -> publisher.publish(this.taskId, Map.of("data", i + ":" + payload)));
			await().atMost(WAIT).until(() -> fast.data().size() == 200);
			assertThat(fast.data()).extracting((data) -> data.substring(0, data.indexOf(':')))
				.containsExactlyElementsOf(IntStream.rangeClosed(1, 200).mapToObj(String::valueOf).toList());
			await().atMost(WAIT).until(() -> this.registry.streamCount() == 1);
			assertThat(this.meters.counter("ssegate.streams.slow.disconnects").count()).isEqualTo(slowBefore + 1);
			assertThat(output).containsOnlyOnce("Disconnecting a slow client: more than 32 frames queued");
			assertThat(readsToTheEnd(stalled, Duration.ofSeconds(10)))
				.as("the server closed the stalled socket well before its 30 s idle timeout")
				.isTrue();
		}
	}

	/**
	 * Whether the server ends the connection: reading what it sent reaches the end of the
	 * stream or a reset, with no read waiting longer than the timeout.
	 */
	private static boolean readsToTheEnd(Socket socket, Duration timeout) throws IOException {
		socket.setSoTimeout((int) timeout.toMillis());
		byte[] buffer = new byte[64 * 1024];
		try {
			InputStream in = socket.getInputStream();
			while (in.read(buffer) != -1) {
				// Discard what was sent before the server gave up on the client.
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true;
		}
	}

	@Test
	void prometheusEndpointExposesTheDocumentedMetrics() throws Exception {
		double openedBefore = this.meters.get("ssegate.streams.opened").counter().count();
		try (SseStream stream = SseStream.open(this.baseUrl, this.taskId)) {
			new Publisher(this.baseUrl).publish(this.taskId, Map.of("data", "measured"));
			await().atMost(WAIT).until(() -> stream.data().size() == 1);
			String metrics = get("/actuator/prometheus").body();
			assertThat(metrics).contains("ssegate_streams_active", "ssegate_tasks_subscribed",
					"ssegate_events_delivered_total", "ssegate_delivery_latency_seconds_bucket",
					"ssegate_events_replayed_total", "ssegate_streams_slow_disconnects_total",
					"ssegate_streams_rejected_total", "ssegate_streams_rebalanced_total",
					"ssegate_redis_reconnects_total", "ssegate_streams_opened_total", "ssegate_broker_available 1.0",
					"ssegate_publish_requests_seconds_bucket{status=\"202\",le=");
			assertThat(this.meters.get("ssegate.streams.opened").counter().count()).isEqualTo(openedBefore + 1);
			// The former names, for one more release.
			assertThat(metrics).contains("ssegate_connections_active", "ssegate_connections_slow_disconnects_total",
					"ssegate_connections_rejected_total");
		}
	}

	@Test
	void endedStreamsLeaveNoHttpRequestMetricWhilePublishesAreTimed() throws Exception {
		SseStream stream = SseStream.open(this.baseUrl, this.taskId);
		new Publisher(this.baseUrl).publish(this.taskId, Map.of("data", "x"));
		await().atMost(WAIT).until(() -> stream.data().size() == 1);
		stream.close();
		await().atMost(WAIT).until(() -> this.registry.streamCount() == 0);

		String metrics = get("/actuator/prometheus").body();
		assertThat(metrics).contains("ssegate_publish_requests_seconds_count{status=\"202\"} 1")
			.doesNotContain("uri=\"/sse/register\"");
	}

	@Test
	void livenessAndReadinessProbesAreUp() throws Exception {
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		HttpResponse<String> readiness = get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"status\":\"UP\"");
	}

	private Socket openWithoutReading() throws Exception {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(4096);
		socket.connect(new InetSocketAddress("localhost", this.port));
		OutputStream out = socket.getOutputStream();
		out.write(("GET /sse/register?taskId=" + this.taskId + " HTTP/1.1\r\nHost: localhost\r\n"
				+ "Accept: text/event-stream\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket;
	}

	private double rejected(String reason) {
		return this.meters.counter("ssegate.streams.rejected", "reason", reason).count();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.managementPort + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
