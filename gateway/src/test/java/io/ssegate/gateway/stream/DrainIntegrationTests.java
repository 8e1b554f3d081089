package io.ssegate.gateway.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.ResumingSseClient;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node shut down gracefully hands its clients over to the others without losing or
 * repeating an event.
 */
class DrainIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	private GatewayNodes nodes;

	private Notifier notifier;

	@BeforeEach
	void startNodes() {
		this.nodes = GatewayNodes.start(3, "spring.data.redis.url=" + redis.url(), "ssegate.drain.grace-period=5s",
				"ssegate.drain.reconnect-jitter=300ms", "ssegate.stream.heartbeat-interval=200ms");
		this.notifier = Notifier.create(redis.uri());
	}

	@AfterEach
	void stopNodes() {
		this.notifier.close();
		this.nodes.close();
	}

	@Test
	void clientsOfAStoppedNodeResumeOnTheOthersWithEveryEventExactlyOnce() {
		List<String> urls = List.of(this.nodes.url(0), this.nodes.url(1), this.nodes.url(2));
		List<ResumingSseClient> clients = new ArrayList<>();
		IntStream.range(0, 6).forEach((i) -> clients.add(ResumingSseClient.follow(urls, "drained")));
		await().atMost(WAIT).until(() -> this.nodes.bean(0, ConnectionRegistry.class).connectionCount() == 6);
		IntStream.rangeClosed(1, 10).forEach((i) -> this.notifier.publish("drained", NotifyEvent.of(i)));
		await().atMost(WAIT).until(() -> clients.stream().allMatch((client) -> client.data().size() == 10));

		long started = System.nanoTime();
		CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> this.nodes.stop(0));
		IntStream.rangeClosed(11, 40).forEach((i) -> this.notifier.publish("drained", NotifyEvent.of(i)));
		stopping.join();
		Duration stopTook = Duration.ofNanos(System.nanoTime() - started);
		this.notifier.complete("drained", "done");

		await().atMost(WAIT).until(() -> clients.stream().allMatch(ResumingSseClient::isFinished));
		List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, 40).mapToObj(String::valueOf).toList());
		expected.add("done");
		assertThat(clients).allSatisfy((client) -> {
			assertThat(client.data()).containsExactlyElementsOf(expected);
			assertThat(client.receivedRetryHint()).isTrue();
			assertThat(client.connections()).isGreaterThanOrEqualTo(2);
		});
		assertThat(stopTook).isLessThan(Duration.ofSeconds(5 + 10));
		clients.forEach(ResumingSseClient::close);
	}

}
