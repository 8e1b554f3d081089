package io.ssegate.gateway.broker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.lettuce.core.cluster.RedisClusterClient;
import io.ssegate.gateway.stream.StreamRegistry;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.Publisher;
import io.ssegate.gateway.support.SseStream;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierOptions;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.testing.redis.ClusterNode;
import io.ssegate.testing.redis.RedisClusterExtension;
import io.ssegate.testing.redis.RedisClusterServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three gateway nodes on a real Redis Cluster (3 primaries, 3 replicas), with tasks on
 * every shard: everything the single-Redis product does, on sharded pub/sub.
 */
class ClusterIntegrationTests {

	private static final String FULL_COVERAGE = "cluster-require-full-coverage";

	private static final Duration WAIT = Duration.ofSeconds(15);

	/**
	 * How long nothing more may arrive after the expected events: a late duplicate would.
	 */
	private static final Duration QUIET = Duration.ofMillis(500);

	@RegisterExtension
	static final RedisClusterExtension redis = new RedisClusterExtension();

	static GatewayNodes nodes;

	static RedisClusterClient client;

	static Notifier notifier;

	private final TaskKeys keys = TaskKeys.withDefaultPrefix();

	@BeforeAll
	static void startNodes() {
		nodes = GatewayNodes.start(3, "spring.data.redis.cluster.nodes=" + redis.clusterNodes(),
				"ssegate.stream.heartbeat-interval=200ms");
		client = RedisClusterClient.create(redis.uris());
		notifier = Notifier.create(client, NotifierOptions.create());
	}

	@AfterAll
	static void stopNodes() {
		notifier.close();
		client.shutdown();
		nodes.close();
	}

	@AfterEach
	void everyNodeLetsGoOfItsStreams() {
		for (int node = 0; node < nodes.size(); node++) {
			StreamRegistry registry = nodes.bean(node, StreamRegistry.class);
			await().atMost(WAIT).until(() -> registry.streamCount() == 0);
		}
		await().atMost(WAIT)
			.until(() -> redis.cluster()
				.masters()
				.stream()
				.filter(ClusterNode::isRunning)
				.allMatch((master) -> redis.cluster().commands(master).pubsubShardChannels().isEmpty()));
	}

	@Test
	void tasksOnEveryShardReachSubscribersOnOtherNodesInOrder() {
		List<String> tasks = oneTaskPerShard();
		Publisher nodeC = new Publisher(nodes.url(2));
		List<SseStream> streams = tasks.stream().map((task) -> SseStream.open(nodes.url(0), task)).toList();
		try {
			for (String task : tasks) {
				for (int i = 1; i <= 10; i++) {
					if (i % 2 == 0) {
						nodeC.publish(task, Map.of("data", i));
					}
					else {
						notifier.publish(task, NotifyEvent.of(i));
					}
				}
			}
			await().during(QUIET)
				.atMost(WAIT)
				.untilAsserted(
						() -> assertThat(streams).allSatisfy((stream) -> assertThat(stream.events()).hasSize(10)));
			assertThat(streams).allSatisfy((stream) -> {
				assertThat(stream.data()).containsExactlyElementsOf(numbers(1, 10));
				// A new task has missed nothing: no gap signal, whatever subscribing did.
				assertThat(stream.events()).extracting(ServerSentEvent::event).doesNotContain("gap");
			});
		}
		finally {
			streams.forEach(SseStream::close);
		}
	}

	@Test
	void subscriberThatReconnectsToAnotherNodeReceivesExactlyTheMissedEvents() {
		for (String task : oneTaskPerShard()) {
			List<String> ids = new ArrayList<>();
			try (SseStream first = SseStream.open(nodes.url(0), task)) {
				IntStream.rangeClosed(1, 5).forEach((i) -> ids.add(notifier.publish(task, NotifyEvent.of(i))));
				await().atMost(WAIT).until(() -> first.data().size() == 5);
			}
			IntStream.rangeClosed(6, 10).forEach((i) -> ids.add(notifier.publish(task, NotifyEvent.of(i))));
			try (SseStream resumed = SseStream.open(nodes.url(1), task, ids.get(4))) {
				notifier.publish(task, NotifyEvent.of(11));
				await().during(QUIET).atMost(WAIT).untilAsserted(() -> assertThat(resumed.events()).hasSize(6));
				assertThat(resumed.data()).containsExactlyElementsOf(numbers(6, 11));
			}
		}
	}

	@Test
	void endClosesStreamsOnEveryNodeThenLateSubscribersGetTheHistoryAndReconnectsGetNoContent() throws Exception {
		String task = "task-" + UUID.randomUUID();
		List<SseStream> streams = IntStream.range(0, 3)
			.mapToObj((node) -> SseStream.open(nodes.url(node), task))
			.toList();
		notifier.progress(task, 50);
		String finalId = notifier.complete(task, "done");
		await().atMost(WAIT).until(() -> streams.stream().allMatch(SseStream::isCompleted));
		assertThat(streams).allSatisfy((stream) -> assertThat(stream.data()).containsExactly("50", "done"));
		SseStream late = SseStream.open(nodes.url(1), task);
		await().atMost(WAIT).until(late::isCompleted);
		assertThat(late.events()).extracting(ServerSentEvent::event).containsExactly("progress", "completed");
		for (int node = 0; node < nodes.size(); node++) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(nodes.url(node) + "/sse/register?taskId=" + task))
				.header("Last-Event-ID", finalId)
				.build();
			assertThat(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
				.isEqualTo(204);
		}
	}

	@Test
	void channelsAreShardChannelsOnTheShardOfTheirTaskOnlyWhileClientsFollowIt() {
		String task = "task-" + UUID.randomUUID();
		String channel = this.keys.channel(task);
		ClusterNode owner = redis.cluster().masterOf(RedisClusterServer.slotOf(channel));
		try (SseStream stream = SseStream.open(nodes.url(0), task)) {
			await().atMost(WAIT).until(() -> redis.cluster().commands(owner).pubsubShardChannels().contains(channel));
			assertThat(redis.cluster().masters())
				.allSatisfy((master) -> assertThat(redis.cluster().commands(master).pubsubChannels()).isEmpty());
		}
		await().atMost(WAIT).until(() -> redis.cluster().commands(owner).pubsubShardChannels().isEmpty());
	}

	@Test
	void publishingNeverUsesClassicPublishOnACluster() {
		String task = "task-" + UUID.randomUUID();
		try (SseStream stream = SseStream.open(nodes.url(0), task)) {
			notifier.progress(task, 1);
			new Publisher(nodes.url(1)).publish(task, Map.of("data", 2));
			await().atMost(WAIT).until(() -> stream.data().size() == 2);
		}
		for (ClusterNode master : redis.cluster().masters()) {
			String stats = redis.cluster().commands(master).info("commandstats");
			assertThat(stats).doesNotContain("cmdstat_publish:");
		}
		assertThat(redis.cluster().masters())
			.anySatisfy((master) -> assertThat(redis.cluster().commands(master).info("commandstats"))
				.contains("cmdstat_spublish:"));
	}

	@Test
	void aShardThatIsDownFailsOnlyItsOwnTasksAndTheNodeStaysReady() throws Exception {
		// As a cluster that keeps serving the slots it still covers is configured.
		Map<ClusterNode, String> fullCoverage = new HashMap<>();
		for (ClusterNode node : redis.cluster().nodes()) {
			fullCoverage.put(node, redis.cluster().commands(node).configGet(FULL_COVERAGE).get(FULL_COVERAGE));
			redis.cluster().commands(node).configSet(FULL_COVERAGE, "no");
		}
		try {
			killAShardThenFollowTasks();
		}
		finally {
			// The shard back, then every node's setting as it was: the tests that follow
			// get a whole cluster that stops serving when a shard is down, as by default.
			redis.cluster().restartKilledNodes();
			fullCoverage.forEach((node, value) -> redis.cluster().commands(node).configSet(FULL_COVERAGE, value));
		}
	}

	private void killAShardThenFollowTasks() throws Exception {
		List<String> tasks = oneTaskPerShard();
		ClusterNode down = redis.cluster().masters().get(0);
		String downTask = tasks.get(0);
		String upTask = tasks.get(1);
		assertThat(redis.cluster().masterOf(RedisClusterServer.slotOf(this.keys.channel(downTask)))).isEqualTo(down);
		List<ClusterNode> replicas = redis.cluster().replicasOf(down);
		replicas.forEach(redis.cluster()::kill);
		redis.cluster().kill(down);

		await().atMost(WAIT).until(() -> status(nodes.url(0) + "/sse/register?taskId=" + downTask) == 503);
		try (SseStream up = SseStream.open(nodes.url(0), upTask)) {
			notifier.publish(upTask, NotifyEvent.of(1));
			await().atMost(WAIT).until(() -> up.data().size() == 1);
		}
		assertThat(status(nodes.managementUrl(0) + "/actuator/health/readiness")).isEqualTo(200);
	}

	private static int status(String url) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	/**
	 * A task id for every primary, so that the tests cover every shard.
	 */
	private List<String> oneTaskPerShard() {
		List<String> tasks = new ArrayList<>();
		for (ClusterNode master : redis.cluster().masters()) {
			String task;
			do {
				task = "task-" + UUID.randomUUID();
			}
			while (!redis.cluster().masterOf(RedisClusterServer.slotOf(this.keys.channel(task))).equals(master));
			tasks.add(task);
		}
		return tasks;
	}

	private static List<String> numbers(int from, int to) {
		return IntStream.rangeClosed(from, to).mapToObj(String::valueOf).toList();
	}

}
