package io.ssegate.gateway.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.ResumingSseClient;
import io.ssegate.gateway.support.SseStream;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A node shut down gracefully stops being ready, closes its public listener, refuses new
 * streams on the connections it has, hands its clients over to the others without losing
 * or repeating an event, and is done as soon as its streams are gone.
 */
class DrainIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration GRACE_PERIOD = Duration.ofSeconds(20);

	private static final long RECONNECT_DELAY_MILLIS = 1000;

	private static final long JITTER_MILLIS = 500;

	/** Streams a draining node ends per second: 6 streams take 250 ms. */
	private static final int DRAIN_RATE = 20;

	private static final Pattern DRAINING_REJECTIONS = Pattern
		.compile("^ssegate_streams_rejected_total\\{[^}]*reason=\"draining\"[^}]*} (\\S+)$", Pattern.MULTILINE);

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	private final HttpClient http = HttpClient.newHttpClient();

	private GatewayNodes nodes;

	private Notifier notifier;

	@BeforeEach
	void startNodes() {
		this.nodes = GatewayNodes.start(3, "spring.data.redis.url=" + redis.url(),
				"ssegate.drain.grace-period=" + GRACE_PERIOD.toSeconds() + "s",
				"ssegate.drain.reconnect-jitter=" + JITTER_MILLIS + "ms", "ssegate.drain.max-rate=" + DRAIN_RATE,
				"ssegate.stream.reconnect-delay=" + RECONNECT_DELAY_MILLIS + "ms",
				"ssegate.stream.heartbeat-interval=200ms");
		this.notifier = Notifier.create(redis.uri());
	}

	@AfterEach
	void stopNodes() {
		this.notifier.close();
		this.http.close();
		this.nodes.close();
	}

	@Test
	void clientsOfAStoppedNodeResumeOnTheOthersWithEveryEventExactlyOnce() {
		List<String> urls = List.of(this.nodes.url(0), this.nodes.url(1), this.nodes.url(2));
		List<ResumingSseClient> clients = new ArrayList<>();
		IntStream.range(0, 6).forEach((i) -> clients.add(ResumingSseClient.follow(urls, "drained")));
		await().atMost(WAIT).until(() -> this.nodes.bean(0, StreamRegistry.class).streamCount() == 6);
		IntStream.rangeClosed(1, 10).forEach((i) -> this.notifier.publish("drained", NotifyEvent.of(i)));
		await().atMost(WAIT).until(() -> clients.stream().allMatch((client) -> client.data().size() == 10));

		CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> this.nodes.stop(0));
		IntStream.rangeClosed(11, 40).forEach((i) -> this.notifier.publish("drained", NotifyEvent.of(i)));
		stopping.join();
		this.notifier.complete("drained", "done");

		await().atMost(WAIT).until(() -> clients.stream().allMatch(ResumingSseClient::isFinished));
		List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, 40).mapToObj(String::valueOf).toList());
		expected.add("done");
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(clients)
				.allSatisfy((client) -> assertThat(client.data()).containsExactlyElementsOf(expected)));
		clients.forEach(ResumingSseClient::close);
	}

	@Test
	void drainEndsEveryStreamPacedWithAShortRetryHintAndFinishesAsSoonAsTheyAreGone() {
		List<SseStream> streams = SseStream.openAll(this.nodes.url(0), "hinted", 6);
		MeterRegistry meters = this.nodes.bean(0, MeterRegistry.class);

		long started = System.nanoTime();
		this.nodes.stop(0);
		Duration stopTook = Duration.ofNanos(System.nanoTime() - started);

		assertThat(stopTook).isLessThan(GRACE_PERIOD.dividedBy(4))
			.as("paced: the last of 6 streams ends 5 / %d s after the first", DRAIN_RATE)
			.isGreaterThanOrEqualTo(Duration.ofMillis(5000 / DRAIN_RATE));
		await().atMost(WAIT).until(() -> streams.stream().allMatch(SseStream::isCompleted));
		List<Long> drainHints = streams.stream().map(DrainIntegrationTests::drainRetryMillis).toList();
		// Move at once, to a node that is ready: not after the reconnect delay, nor after
		// a
		// random delay (the drain's pace spreads the clients).
		assertThat(drainHints).containsOnly(100L);
		assertThat(meters.get("ssegate.streams.closed").tag("reason", "drain").counter().count()).isEqualTo(6);
		streams.forEach(SseStream::close);
	}

	@Test
	void drainingNodeIsNotReadyAndRefusesNewStreamsWhileItsStreamsEnd() throws Exception {
		StreamRegistry registry = this.nodes.bean(0, StreamRegistry.class);
		try (Socket stalled = openStalledStream(this.nodes.url(0), "stalled")) {
			SseStream reader = SseStream.open(this.nodes.url(0), "stalled");
			await().atMost(WAIT).until(() -> registry.streamCount() == 2);
			String large = "x".repeat(32 * 1024);
			IntStream.range(0, 200).forEach((i) -> this.notifier.publish("stalled", NotifyEvent.of(large)));
			// Every frame has reached the node's writers once the reading stream has
			// them.
			await().atMost(WAIT).until(() -> reader.data().size() == 200);
			assertThat(readiness(0).statusCode()).isEqualTo(200);
			// A connection opened before the drain, as a proxy keeps its upstream ones.
			assertThat(get(this.nodes.url(0) + "/ssegate.js").statusCode()).isEqualTo(200);

			CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> this.nodes.stop(0));
			await().atMost(WAIT).until(() -> reader.isCompleted() && registry.streamCount() == 1);

			HttpResponse<String> readiness = readiness(0);
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(readiness.body()).contains("OUT_OF_SERVICE");
			try (HttpClient fresh = HttpClient.newHttpClient()) {
				assertThatExceptionOfType(ConnectException.class)
					.as("a new connection is refused, so that a proxy tries the next node at once")
					.isThrownBy(() -> fresh.send(HttpRequest.newBuilder(URI.create(this.nodes.url(0) + "/ssegate.js"))
						.timeout(Duration.ofSeconds(10))
						.build(), HttpResponse.BodyHandlers.ofString()));
			}
			HttpResponse<String> refused = get(this.nodes.url(0) + "/sse/register?taskId=stalled");
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
			HttpResponse<String> toldToMove = get(this.nodes.url(0) + "/sse/register?taskId=stalled",
					"text/event-stream");
			assertThat(toldToMove.statusCode()).as("an EventSource is never refused").isEqualTo(200);
			assertThat(toldToMove.body()).startsWith(": this node takes no new streams; reconnect\n\nretry: ");
			double rejections = drainingRejections(0);
			assertThat(stopping).isNotDone();
			assertThat(registry.streamCount()).isEqualTo(1);

			stalled.close();
			long closed = System.nanoTime();
			stopping.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(GRACE_PERIOD.dividedBy(4));
			assertThat(rejections).as("ssegate_streams_rejected_total{reason=\"draining\"}").isEqualTo(2);
			reader.close();
		}
	}

	/**
	 * A client that asks for a stream and never reads it, with a small receive buffer, so
	 * that the node's writes soon wait for it.
	 */
	private static Socket openStalledStream(String baseUrl, String taskId) throws IOException {
		URI uri = URI.create(baseUrl);
		Socket socket = new Socket();
		socket.setReceiveBufferSize(4096);
		socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
		OutputStream out = socket.getOutputStream();
		out.write(("GET /sse/register?taskId=" + taskId + " HTTP/1.1\r\nHost: " + uri.getAuthority()
				+ "\r\nAccept: text/event-stream\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket;
	}

	private static long drainRetryMillis(SseStream stream) {
		List<Long> hints = stream.raw()
			.stream()
			.map(ServerSentEvent::retry)
			.filter(Objects::nonNull)
			.map(Duration::toMillis)
			.toList();
		// The opening frame's hint, then the drain's.
		assertThat(hints).hasSize(2).first().isEqualTo(RECONNECT_DELAY_MILLIS);
		return hints.get(1);
	}

	private HttpResponse<String> readiness(int node) throws Exception {
		return get(this.nodes.managementUrl(node) + "/actuator/health/readiness");
	}

	private double drainingRejections(int node) throws Exception {
		Matcher matcher = DRAINING_REJECTIONS
			.matcher(get(this.nodes.managementUrl(node) + "/actuator/prometheus").body());
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	private HttpResponse<String> get(String url) throws Exception {
		return get(url, "*/*");
	}

	private HttpResponse<String> get(String url, String accept) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Accept", accept)
			.timeout(Duration.ofSeconds(10))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
