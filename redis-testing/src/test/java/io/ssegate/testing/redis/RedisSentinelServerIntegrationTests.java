package io.ssegate.testing.redis;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class RedisSentinelServerIntegrationTests {

	@RegisterExtension
	static final RedisSentinelExtension redis = new RedisSentinelExtension();

	@Test
	void sentinelsNameThePrimaryThatClientsReach() {
		RedisSentinelServer deployment = redis.deployment();
		assertThat(redis.masterName()).isEqualTo("mymaster");
		assertThat(redis.sentinelNodes().split(",")).hasSize(3).allMatch((node) -> node.startsWith("127.0.0.1:"));
		assertThat(redis.sentinelUris()).hasSize(3);
		assertThat(deployment.primaryCommands().info("replication")).contains("role:master", "connected_slaves:1");

		RedisClient client = RedisClient.create();
		try (StatefulRedisConnection<String, String> connection = client.connect(redis.uri())) {
			connection.sync().set("through-sentinel", "value");
			assertThat(deployment.primaryCommands().get("through-sentinel")).isEqualTo("value");
			assertThat(connection.sync().info("server")).contains("tcp_port:" + deployment.primary().getPort());
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Test
	void failoverChangesThePrimaryAndKeepsTheData() {
		RedisSentinelServer deployment = redis.deployment();
		RedisURI before = deployment.primary();
		deployment.primaryCommands().set("failing-over", "kept");
		deployment.primaryCommands().waitForReplication(1, 2000);

		RedisURI after = deployment.failover();

		assertThat(after.getPort()).isNotEqualTo(before.getPort());
		assertThat(deployment.primary()).isEqualTo(after);
		assertThat(deployment.primaryCommands().get("failing-over")).isEqualTo("kept");
		assertThat(deployment.primaryCommands().info("replication")).contains("role:master", "connected_slaves:1");
	}

	@Test
	void killedPrimaryIsReplacedByTheReplicaAndRestartsAsReplica() {
		RedisSentinelServer deployment = redis.deployment();
		RedisURI before = deployment.primary();

		RedisURI after = deployment.killPrimary();

		assertThat(after.getPort()).isNotEqualTo(before.getPort());
		assertThat(deployment.primary()).isEqualTo(after);
		assertThat(deployment.primaryCommands().info("replication")).contains("role:master", "connected_slaves:0");

		deployment.restartKilledNodes();

		assertThat(deployment.primary()).isEqualTo(after);
		assertThat(deployment.primaryCommands().info("replication")).contains("connected_slaves:1",
				"port=" + before.getPort());
	}

}
