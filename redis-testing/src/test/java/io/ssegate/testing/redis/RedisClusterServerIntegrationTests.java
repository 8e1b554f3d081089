package io.ssegate.testing.redis;

import java.time.Duration;
import java.util.stream.IntStream;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class RedisClusterServerIntegrationTests {

	@RegisterExtension
	static final RedisClusterExtension redis = new RedisClusterExtension();

	private RedisClusterClient client;

	private StatefulRedisClusterConnection<String, String> connection;

	@BeforeEach
	void connect() {
		this.client = RedisClusterClient.create(redis.uris());
		this.connection = this.client.connect();
	}

	@AfterEach
	void disconnect() {
		// Shutting the client down closes its connections.
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

	@Test
	void flushesBeforeEachTest() {
		assertThat(this.connection.sync().dbsize()).isZero();
	}

	@Test
	void startsThreeMastersWithOneReplicaEachServingAllSlots() {
		RedisClusterServer cluster = redis.cluster();
		assertThat(cluster.nodes()).hasSize(6).allMatch(ClusterNode::isRunning);
		assertThat(cluster.masters()).hasSize(3).allSatisfy((master) -> {
			assertThat(master.isMaster()).isTrue();
			assertThat(cluster.replicasOf(master)).hasSize(1);
		});
		assertThat(cluster.replicas()).hasSize(3).noneMatch(ClusterNode::isMaster);
		assertThat(cluster.masters().stream().mapToInt((master) -> master.slots().size()).sum())
			.isEqualTo(SlotHash.SLOT_COUNT);
		assertThat(this.connection.sync().clusterInfo()).contains("cluster_state:ok", "cluster_slots_ok:16384",
				"cluster_known_nodes:6", "cluster_size:3");
		assertThat(redis.clusterNodes().split(",")).hasSize(6).allMatch((node) -> node.startsWith("127.0.0.1:"));
	}

	@Test
	void keysSetThroughTheClusterClientAreSpreadOverEveryMaster() {
		RedisAdvancedClusterCommands<String, String> commands = this.connection.sync();
		IntStream.range(0, 100).forEach((i) -> commands.set("key-" + i, "value-" + i));

		assertThat(commands.get("key-42")).isEqualTo("value-42");
		assertThat(redis.cluster().masters())
			.allSatisfy((master) -> assertThat(redis.cluster().commands(master).dbsize()).isPositive());
	}

	@Test
	void failoverPromotesTheReplicaAndKeepsTheData() {
		RedisClusterServer cluster = redis.cluster();
		int slot = RedisClusterServer.slotOf("failing-over");
		ClusterNode master = cluster.masterOf(slot);
		ClusterNode replica = cluster.replicasOf(master).get(0);
		this.connection.sync().set("failing-over", "kept");

		ClusterNode promoted = cluster.failover(slot);

		assertThat(promoted).isEqualTo(replica);
		assertThat(promoted.isMaster()).isTrue();
		assertThat(master.isMaster()).isFalse();
		assertThat(cluster.masterOf(slot)).isEqualTo(promoted);
		assertThat(cluster.replicasOf(promoted)).containsExactly(master);
		assertThat(this.connection.sync().get("failing-over")).isEqualTo("kept");
	}

	@Test
	void movedSlotKeepsItsKeysReadableThroughTheClusterClient() {
		RedisClusterServer cluster = redis.cluster();
		int slot = RedisClusterServer.slotOf("{moving}");
		ClusterNode source = cluster.masterOf(slot);
		ClusterNode target = cluster.masters().stream().filter((master) -> !master.equals(source)).findFirst().get();
		IntStream.range(0, 250).forEach((i) -> this.connection.sync().set("{moving}:" + i, "value-" + i));

		cluster.moveSlot(slot, target);

		assertThat(cluster.masterOf(slot)).isEqualTo(target);
		assertThat(target.slots()).contains(slot);
		assertThat(source.slots()).doesNotContain(slot);
		assertThat(cluster.commands(target).clusterCountKeysInSlot(slot)).isEqualTo(250);
		assertThat(cluster.commands(source).clusterCountKeysInSlot(slot)).isZero();
		assertThat(this.connection.sync().get("{moving}:249")).isEqualTo("value-249");
	}

	@Test
	void killedMasterIsReplacedByItsReplicaAndRejoinsAsReplicaAfterRestart() {
		RedisClusterServer cluster = redis.cluster();
		int slot = RedisClusterServer.slotOf("surviving");
		ClusterNode master = cluster.masterOf(slot);
		ClusterNode replica = cluster.replicasOf(master).get(0);
		cluster.commands(master).set("surviving", "replicated");
		assertThat(cluster.commands(master).waitForReplication(1, 2000)).isEqualTo(1);

		cluster.kill(master);
		cluster.awaitStable();

		assertThat(master.isRunning()).isFalse();
		assertThat(cluster.masterOf(slot)).isEqualTo(replica);
		assertThat(cluster.commands(replica).get("surviving")).isEqualTo("replicated");

		cluster.restart(master);

		assertThat(master.isRunning()).isTrue();
		assertThat(master.isMaster()).isFalse();
		assertThat(cluster.replicasOf(replica)).containsExactly(master);
		assertThat(cluster.masters()).hasSize(3);
	}

	@Test
	void killedReplicaRejoinsAfterRestart() {
		RedisClusterServer cluster = redis.cluster();
		ClusterNode replica = cluster.replicas().get(0);
		ClusterNode master = cluster.masters()
			.stream()
			.filter((candidate) -> cluster.replicasOf(candidate).contains(replica))
			.findFirst()
			.get();

		cluster.kill(replica);
		cluster.restart(replica);

		assertThat(cluster.replicasOf(master)).containsExactly(replica);
		assertThat(cluster.commands(replica).info("replication")).contains("master_link_status:up");
	}

	@Test
	void masterAndReplicaKilledTogetherComeBackEmptyInTheirRoles() {
		RedisClusterServer cluster = redis.cluster();
		int slot = RedisClusterServer.slotOf("lost");
		ClusterNode master = cluster.masterOf(slot);
		ClusterNode replica = cluster.replicasOf(master).get(0);
		this.connection.sync().set("lost", "value");

		cluster.kill(master);
		cluster.kill(replica);
		cluster.restartKilledNodes();

		assertThat(cluster.masterOf(slot)).isEqualTo(master);
		assertThat(cluster.replicasOf(master)).containsExactly(replica);
		assertThat(cluster.commands(master).exists("lost")).isZero();
	}

	@Test
	void killPubSubClientsDisconnectsSubscribers() {
		StatefulRedisClusterPubSubConnection<String, String> pubSub = this.client.connectPubSub();
		try {
			pubSub.sync().subscribe("channel");

			assertThat(redis.cluster().killPubSubClients()).isEqualTo(1);
		}
		finally {
			pubSub.close();
		}
	}

}
