package io.ssegate.gateway.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.ResumingSseClient;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one Redis, every stream opened on the first: the first hands the streams
 * beyond its share over to the second, once, without losing or repeating an event; a
 * stream younger than the minimum age is never moved.
 */
class RebalanceIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int STREAMS = 10;

	private static final String NODE_LOADS = "ssegate:nodes";

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	private final List<ResumingSseClient> clients = new ArrayList<>();

	private GatewayNodes nodes;

	private Notifier notifier;

	@AfterEach
	void stopNodes() {
		this.clients.forEach(ResumingSseClient::close);
		if (this.notifier != null) {
			this.notifier.close();
		}
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	@Test
	void aNodeWithMoreThanItsShareHandsTheExcessOverOnceAndEveryEventArrivesOnce() {
		start("1s");
		String taskId = "rebalanced-" + UUID.randomUUID();
		openAllOnTheFirstNode(taskId);
		List<String> expected = new ArrayList<>();
		for (int i = 1; i <= 30; i++) {
			this.notifier.publish(taskId, NotifyEvent.of(i));
			expected.add(String.valueOf(i));
			if (i == 10) {
				// The streams reached the minimum age: the first node hands 5 over.
				await("the streams spread").atMost(WAIT)
					.until(() -> streams(0) == STREAMS / 2 && streams(1) == STREAMS / 2);
			}
		}
		this.notifier.complete(taskId, "done");
		expected.add("done");

		await().atMost(WAIT).until(() -> this.clients.stream().allMatch(ResumingSseClient::isFinished));
		await("no late duplicate").during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.clients)
				.allSatisfy((client) -> assertThat(client.data()).containsExactlyElementsOf(expected)));
		assertThat(rebalanced(0)).isEqualTo(STREAMS / 2);
		assertThat(rebalanced(1)).isZero();
		assertThat(this.nodes.bean(0, MeterRegistry.class)
			.get("ssegate.streams.closed")
			.tag("reason", "rebalance")
			.counter()
			.count()).isEqualTo(STREAMS / 2);
		// Each moved once, then ended with its task (and the 204 after it).
		assertThat(this.clients).filteredOn((client) -> client.connections() > 2).hasSize(STREAMS / 2);
	}

	@Test
	void aStreamYoungerThanTheMinimumAgeIsNeverMoved() {
		start("1h");
		openAllOnTheFirstNode("young-" + UUID.randomUUID());
		// Twenty comparisons, each of which would move 5 streams.
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(5))
			.until(() -> streams(0) == STREAMS && rebalanced(0) == 0);
	}

	@Test
	void aStoppedNodeLeavesTheOthersViewAtOnceInsteadOfWhenItsReportGetsOld() {
		// Reports every 5 s count for 15 s: long after the node is gone.
		this.nodes = GatewayNodes.start(2, "spring.data.redis.url=" + redis.url(), "ssegate.rebalance.interval=5s");
		RedisClient client = RedisClient.create(redis.uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			await("both nodes reported").atMost(WAIT).until(() -> connection.sync().hlen(NODE_LOADS) == 2);

			this.nodes.stop(0);

			await("the stopped node withdrew its report").atMost(Duration.ofSeconds(3))
				.until(() -> connection.sync().hlen(NODE_LOADS) == 1);
		}
		finally {
			client.shutdown();
		}
	}

	private void start(String minStreamAge) {
		this.nodes = GatewayNodes.start(2, "spring.data.redis.url=" + redis.url(), "ssegate.rebalance.interval=100ms",
				"ssegate.rebalance.min-stream-age=" + minStreamAge, "ssegate.drain.reconnect-jitter=200ms");
		this.notifier = Notifier.create(redis.uri());
	}

	/**
	 * Open the streams on the first node; each reconnects to the second.
	 */
	private void openAllOnTheFirstNode(String taskId) {
		List<String> urls = List.of(this.nodes.url(0), this.nodes.url(1));
		IntStream.range(0, STREAMS).forEach((i) -> this.clients.add(ResumingSseClient.follow(urls, taskId)));
		await().atMost(WAIT).until(() -> streams(0) == STREAMS);
	}

	private int streams(int node) {
		return this.nodes.bean(node, StreamRegistry.class).streamCount();
	}

	private double rebalanced(int node) {
		return this.nodes.bean(node, MeterRegistry.class).counter("ssegate.streams.rebalanced").count();
	}

}
