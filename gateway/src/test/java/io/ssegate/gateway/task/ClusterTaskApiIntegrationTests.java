package io.ssegate.gateway.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.SseStream;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.testing.redis.RedisClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task API on a Redis Cluster: receivers as SPUBLISH counts them, followers of every
 * node from the task's hash on its slot, and a delete that expires the task's keys.
 */
class ClusterTaskApiIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	static final RedisClusterExtension redis = new RedisClusterExtension();

	static GatewayNodes nodes;

	static RedisClusterClient client;

	@BeforeAll
	static void startNodes() {
		nodes = GatewayNodes.start(2, "spring.data.redis.cluster.nodes=" + redis.clusterNodes(),
				"ssegate.rebalance.interval=200ms", "ssegate.rebalance.enabled=false",
				"ssegate.tasks.deleted-retention=60s");
		client = RedisClusterClient.create(redis.uris());
	}

	@AfterAll
	static void stopNodes() {
		client.shutdown();
		nodes.close();
	}

	@Test
	void receiversFollowersAndDeleteOnTheShardOfTheTask() {
		List<SseStream> streams = new ArrayList<>();
		for (String taskId : List.of("a-" + UUID.randomUUID(), "b-" + UUID.randomUUID(), "c-" + UUID.randomUUID())) {
			TaskApi api = new TaskApi(nodes.url(0));
			assertThat(api.publish(taskId, Map.of("data", 0)).getBody()).containsEntry("receivers", 0);
			streams.addAll(SseStream.openAll(nodes.url(0), taskId, 2));
			streams.addAll(SseStream.openAll(nodes.url(1), taskId, 1));

			assertThat(api.publish(taskId, Map.of("data", 1)).getBody()).containsEntry("receivers", 2);
			await().atMost(WAIT)
				.untilAsserted(
						() -> assertThat(api.get("/api/tasks/" + taskId).getBody()).containsEntry("followers", 3));
			assertThat(api.delete("/api/tasks/" + taskId).getStatusCode().value()).isEqualTo(204);
			try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
				assertThat(connection.sync().ttl(TaskKeys.withDefaultPrefix().history(taskId))).isBetween(1L, 60L);
			}
		}
		await().atMost(WAIT).until(() -> streams.stream().allMatch(SseStream::isCompleted));
	}

}
