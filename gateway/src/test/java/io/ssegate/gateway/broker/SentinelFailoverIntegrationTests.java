package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.NumberedLoad;
import io.ssegate.gateway.support.NumberedLoad.Outcome;
import io.ssegate.gateway.support.QuietOutput;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierOptions;
import io.ssegate.testing.redis.RedisSentinelExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three gateway nodes on a Sentinel-managed Redis (one primary, one replica, three
 * sentinels) under continuous publishing while the primary fails over: no stream loses,
 * doubles or reorders an event.
 */
@QuietOutput
class SentinelFailoverIntegrationTests {

	private static final int TASKS = 200;

	private static final int EVENTS_PER_SECOND = 500;

	/** Sentinel notices a dead primary after a second and promotes within two more. */
	private static final Duration LONGEST_DELAY = Duration.ofSeconds(5);

	@RegisterExtension
	static final RedisSentinelExtension redis = new RedisSentinelExtension();

	static GatewayNodes nodes;

	static Notifier notifier;

	@BeforeAll
	static void startNodes() {
		nodes = GatewayNodes.start(3, "spring.data.redis.sentinel.master=" + redis.masterName(),
				"spring.data.redis.sentinel.nodes=" + redis.sentinelNodes(), "ssegate.stream.heartbeat-interval=1s");
		notifier = Notifier.create(redis.uri(), NotifierOptions.builder().timeout(Duration.ofSeconds(1)).build());
	}

	@AfterAll
	static void stopNodes() {
		notifier.close();
		nodes.close();
	}

	@Test
	void manualFailover() {
		Outcome outcome = underLoad("sentinel-failover", () -> redis.deployment().failover());

		assertExactlyOnce(outcome);
	}

	@Test
	void primaryKilled() {
		Outcome outcome = underLoad("sentinel-kill", () -> redis.deployment().killPrimary());

		assertExactlyOnce(outcome);
	}

	private Outcome underLoad(String run, Runnable fault) {
		List<String> urls = IntStream.range(0, nodes.size()).mapToObj(nodes::url).toList();
		Outcome outcome = NumberedLoad.measure(notifier, urls, "sentinel-" + UUID.randomUUID(), TASKS,
				EVENTS_PER_SECOND, fault);
		outcome.record(run);
		return outcome;
	}

	private static void assertExactlyOnce(Outcome outcome) {
		outcome.assertExactlyOnce(5 * TASKS, LONGEST_DELAY);
	}

}
