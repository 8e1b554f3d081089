package io.ssegate.gateway.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.Publisher;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that goes away is let go of at once, not at the next heartbeat: its stream
 * leaves the node and the node unsubscribes from its task in Redis. The heartbeat is an
 * hour here, so only the node's noticing the hangup can release the stream in time.
 */
class VanishedClientIntegrationTests {

	/** Well under any heartbeat; the hangup is noticed in milliseconds. */
	private static final Duration NOTICED = Duration.ofSeconds(3);

	private static final Duration WAIT = Duration.ofSeconds(15);

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	static GatewayNodes nodes;

	private final TaskKeys keys = TaskKeys.withDefaultPrefix();

	private StreamRegistry registry;

	private MeterRegistry meters;

	private String taskId;

	private int streamsBefore;

	/** What {@link #openStream} read: the response's head and the stream's opening. */
	private String opening;

	@BeforeAll
	static void startNode() {
		nodes = GatewayNodes.start(1, "spring.data.redis.url=" + redis.url(), "ssegate.stream.heartbeat-interval=1h");
	}

	@AfterAll
	static void stopNode() {
		nodes.close();
	}

	@BeforeEach
	void newTask() {
		this.registry = nodes.bean(0, StreamRegistry.class);
		this.meters = nodes.bean(0, MeterRegistry.class);
		this.taskId = "task-" + UUID.randomUUID();
		this.streamsBefore = this.registry.streamCount();
	}

	@Test
	void clientThatClosesItsConnectionIsReleasedAtOnce() throws IOException {
		Socket client = openStream();
		client.close(); // FIN: the client's side is closed, nothing more is said
		assertReleasedWithin(NOTICED);
	}

	@Test
	void clientWhoseConnectionIsResetIsReleasedAtOnce() throws IOException {
		Socket client = openStream();
		client.setSoLinger(true, 0);
		client.close(); // RST
		assertReleasedWithin(NOTICED);
	}

	@Test
	void clientThatSendsAnotherRequestWhileItsStreamIsOpenIsDisconnected() throws IOException {
		try (Socket client = openStream()) {
			// Pipelining behind a response that has no end: no client does it, and the
			// node cannot answer before the stream ends; it ends the stream instead.
			client.getOutputStream()
				.write("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(readToTheEnd(client)).as("rest of the response").doesNotContain("HTTP/1.1");
		}
		assertReleasedWithin(NOTICED);
	}

	@Test
	void streamEndedByTheNodeIsWholeAndClosesItsConnection() throws IOException {
		try (Socket client = openStream()) {
			new Publisher(nodes.url(0)).publish(this.taskId, Map.of("event", "done", "data", "ok", "status", "END"));
			assertThat(this.opening).as("response head").contains("\r\nConnection: close\r\n");
			// Delimited by the end of the connection, which the node closes.
			assertThat(readToTheEnd(client)).as("rest of the response").endsWith("event: done\ndata: ok\n\n");
		}
		assertReleasedWithin(NOTICED);
	}

	/**
	 * Assert that the node lets go of this test's stream in time: its count of streams
	 * and its gauge are back where they were before the stream, and the task's channel is
	 * no longer subscribed. Relative to the start, so that a stream another test left
	 * behind fails that test only.
	 */
	private void assertReleasedWithin(Duration duration) {
		await().atMost(duration).untilAsserted(() -> {
			assertThat(this.registry.streamCount()).as("streams on the node").isEqualTo(this.streamsBefore);
			assertThat(activeGauge()).as("ssegate_streams_active").isEqualTo(this.streamsBefore);
			assertThat(redis.commands().pubsubChannels()).as("subscribed channels")
				.doesNotContain(this.keys.channel(this.taskId));
		});
	}

	private double activeGauge() {
		return this.meters.get("ssegate.streams.active").gauge().value();
	}

	/**
	 * Open a stream on a raw socket and wait until it is open: subscribed in Redis, with
	 * the response's head and the stream's opening frame received.
	 */
	private Socket openStream() throws IOException {
		URI node = URI.create(nodes.url(0));
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(node.getHost(), node.getPort()));
		socket.setSoTimeout((int) WAIT.toMillis());
		socket.getOutputStream()
			.write(("GET /sse/register?taskId=" + this.taskId + " HTTP/1.1\r\nHost: localhost\r\n"
					+ "Accept: text/event-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		this.opening = readUntil(socket.getInputStream(), "retry:");
		assertThat(this.opening).startsWith("HTTP/1.1 200 ");
		await().atMost(WAIT).until(() -> this.registry.streamCount() == this.streamsBefore + 1);
		assertThat(redis.commands().pubsubChannels()).contains(this.keys.channel(this.taskId));
		return socket;
	}

	private static String readUntil(InputStream in, String expected) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		while (!received.toString(StandardCharsets.UTF_8).contains(expected)) {
			int next = in.read();
			assertThat(next).as("the stream's opening").isNotNegative();
			received.write(next);
		}
		return received.toString(StandardCharsets.UTF_8);
	}

	private static String readToTheEnd(Socket socket) throws IOException {
		return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

}
