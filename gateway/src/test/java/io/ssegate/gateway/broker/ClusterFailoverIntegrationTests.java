package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.NumberedLoad;
import io.ssegate.gateway.support.NumberedLoad.Outcome;
import io.ssegate.gateway.support.QuietOutput;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierOptions;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.testing.redis.ClusterNode;
import io.ssegate.testing.redis.RedisClusterExtension;
import io.ssegate.testing.redis.RedisClusterServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three gateway nodes on a real Redis Cluster under continuous publishing (500 events/s
 * over 200 tasks, a stream of every task on every node) while a shard fails over, a
 * primary dies, pub/sub connections drop, or slots of live tasks move: no stream loses,
 * doubles or reorders an event, and every stream is live again within the cluster's node
 * timeout plus 2 s. When a primary dies, an event it confirmed just before may reach the
 * gateways only from its replica's history, once the replica has taken over: that is
 * allowed the node timeout, the replica's election (up to about 1.5 s) and the gateways'
 * re-sync.
 */
@QuietOutput
class ClusterFailoverIntegrationTests {

	private static final Duration NODE_TIMEOUT = RedisClusterServer.DEFAULT_NODE_TIMEOUT;

	private static final int TASKS = 200;

	private static final int EVENTS_PER_SECOND = 500;

	/** The longest an event confirmed by Redis may take to reach every stream. */
	private static final Duration LONGEST_DELAY = NODE_TIMEOUT.plusSeconds(2);

	/**
	 * The longest an event confirmed by a primary that then dies may take: its pub/sub
	 * message can die with the primary, and the event comes from the history once the
	 * replica is promoted.
	 */
	private static final Duration LONGEST_DELAY_AFTER_KILL = NODE_TIMEOUT.plusSeconds(3);

	@RegisterExtension
	static final RedisClusterExtension redis = new RedisClusterExtension(NODE_TIMEOUT);

	static GatewayNodes nodes;

	static RedisClusterClient client;

	static Notifier notifier;

	private final TaskKeys keys = TaskKeys.withDefaultPrefix();

	private ClusterNode killed;

	@BeforeAll
	static void startNodes() {
		nodes = GatewayNodes.start(3, "spring.data.redis.cluster.nodes=" + redis.clusterNodes(),
				"ssegate.stream.heartbeat-interval=1s");
		client = RedisClusterClient.create(redis.uris());
		// As a publisher on a cluster should: follow a failover within a second.
		client.setOptions(ClusterClientOptions.builder()
			.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
				.enableAllAdaptiveRefreshTriggers()
				.adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
				.enablePeriodicRefresh(Duration.ofSeconds(1))
				.build())
			.build());
		notifier = Notifier.create(client, NotifierOptions.builder().timeout(Duration.ofSeconds(1)).build());
	}

	@AfterAll
	static void stopNodes() {
		notifier.close();
		client.shutdown();
		nodes.close();
	}

	@AfterEach
	void restartKilledNode() {
		if (this.killed != null) {
			redis.cluster().restart(this.killed);
			redis.cluster().awaitStable();
		}
	}

	@Test
	void manualFailoverOfAShard() {
		Outcome outcome = underLoad("failover", () -> redis.cluster().failover(redis.cluster().masters().get(0)));

		assertExactlyOnceAndSoonLive(outcome);
	}

	@Test
	void primaryKilledAndItsReplicaPromoted() {
		Outcome outcome = underLoad("kill", () -> {
			this.killed = redis.cluster().masters().get(1);
			redis.cluster().kill(this.killed);
			redis.cluster().awaitStable();
		});

		outcome.assertExactlyOnce(5 * TASKS, LONGEST_DELAY_AFTER_KILL);
	}

	@Test
	void pubSubConnectionsKilledOnEveryNode() {
		Outcome outcome = underLoad("pubsub", () -> assertThat(redis.cluster().killPubSubClients()).isPositive());

		assertExactlyOnceAndSoonLive(outcome);
	}

	@Test
	void slotsOfLiveTasksMovedToAnotherPrimary() {
		String prefix = "move-" + UUID.randomUUID();
		Outcome outcome = underLoad("move", prefix, () -> {
			for (int task = 0; task < 5; task++) {
				int slot = RedisClusterServer.slotOf(this.keys.channel(prefix + "-" + task));
				ClusterNode owner = redis.cluster().masterOf(slot);
				ClusterNode target = redis.cluster()
					.masters()
					.stream()
					.filter((master) -> !master.equals(owner))
					.findFirst()
					.orElseThrow();
				redis.cluster().moveSlot(slot, target);
			}
		});

		assertExactlyOnceAndSoonLive(outcome);
	}

	private Outcome underLoad(String run, Runnable fault) {
		return underLoad(run, run + "-" + UUID.randomUUID(), fault);
	}

	private Outcome underLoad(String run, String prefix, Runnable fault) {
		List<String> urls = IntStream.range(0, nodes.size()).mapToObj(nodes::url).toList();
		Outcome outcome = NumberedLoad.measure(notifier, urls, prefix, TASKS, EVENTS_PER_SECOND, fault);
		outcome.record("cluster-" + run);
		return outcome;
	}

	private static void assertExactlyOnceAndSoonLive(Outcome outcome) {
		outcome.assertExactlyOnce(5 * TASKS, LONGEST_DELAY);
	}

}
