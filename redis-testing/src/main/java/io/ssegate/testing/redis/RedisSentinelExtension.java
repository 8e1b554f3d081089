package io.ssegate.testing.redis;

import java.util.List;

import io.lettuce.core.RedisURI;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Redis Sentinel deployment (a primary, a replica, three sentinels) per test
 * class; see {@link RedisSentinelServer}. It always runs local {@code redis-server}
 * binaries, never Testcontainers: no Docker image is needed. Before each test, a node a
 * previous test killed is restarted as a replica, the deployment is awaited stable and
 * every key is deleted; which node is the primary is not restored. Register it as a
 * static field:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final RedisSentinelExtension redis = new RedisSentinelExtension();
 * </pre>
 */
public final class RedisSentinelExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

	private @Nullable RedisSentinelServer deployment;

	private @Nullable String owner;

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.deployment == null) {
			this.deployment = RedisSentinelServer.start();
			this.owner = context.getUniqueId();
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		RedisSentinelServer deployment = deployment();
		deployment.restartKilledNodes();
		deployment.primaryCommands().flushall();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.deployment != null && context.getUniqueId().equals(this.owner)) {
			this.deployment.close();
			this.deployment = null;
		}
	}

	/**
	 * The deployment, to inspect it and fail the primary over.
	 * @return the deployment
	 */
	public RedisSentinelServer deployment() {
		if (this.deployment == null) {
			throw new IllegalStateException("Redis Sentinel is not started; register the extension on a static field");
		}
		return this.deployment;
	}

	/**
	 * A URI for Lettuce's {@code RedisClient} that finds the primary through the
	 * sentinels.
	 * @return a {@code redis-sentinel://} URI
	 */
	public RedisURI uri() {
		return deployment().uri();
	}

	/**
	 * The sentinels' URIs.
	 * @return a URI per sentinel
	 */
	public List<RedisURI> sentinelUris() {
		return deployment().sentinelUris();
	}

	/**
	 * The sentinels for {@code spring.data.redis.sentinel.nodes}.
	 * @return {@code host:port} of every sentinel, comma-separated
	 */
	public String sentinelNodes() {
		return deployment().sentinelNodes();
	}

	/**
	 * The master name for {@code spring.data.redis.sentinel.master}.
	 * @return the master name
	 */
	public String masterName() {
		return deployment().masterName();
	}

}
