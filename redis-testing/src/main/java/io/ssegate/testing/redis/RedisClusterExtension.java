package io.ssegate.testing.redis;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisURI;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Redis Cluster (three masters, three replicas) per test class; see
 * {@link RedisClusterServer}. It always runs local {@code redis-server} binaries, never
 * Testcontainers: no Docker image is needed. Before each test, nodes a previous test
 * killed are restarted, the cluster is awaited stable and every key is deleted; roles are
 * not restored, so a test must ask which node is a master. Register it as a static field:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final RedisClusterExtension redis = new RedisClusterExtension();
 * </pre>
 */
public final class RedisClusterExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

	private final Duration nodeTimeout;

	private @Nullable RedisClusterServer cluster;

	private @Nullable String owner;

	/**
	 * An extension whose cluster has the {@link RedisClusterServer#DEFAULT_NODE_TIMEOUT}.
	 */
	public RedisClusterExtension() {
		this(RedisClusterServer.DEFAULT_NODE_TIMEOUT);
	}

	/**
	 * An extension whose cluster has the given {@code cluster-node-timeout}.
	 * @param nodeTimeout how long a master may be unreachable before its replica takes
	 * over
	 */
	public RedisClusterExtension(Duration nodeTimeout) {
		this.nodeTimeout = nodeTimeout;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.cluster == null) {
			this.cluster = RedisClusterServer.start(this.nodeTimeout);
			this.owner = context.getUniqueId();
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		RedisClusterServer cluster = cluster();
		cluster.restartKilledNodes();
		cluster.flushAll();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.cluster != null && context.getUniqueId().equals(this.owner)) {
			this.cluster.close();
			this.cluster = null;
		}
	}

	/**
	 * The cluster, to inspect it and inject faults.
	 * @return the cluster
	 */
	public RedisClusterServer cluster() {
		if (this.cluster == null) {
			throw new IllegalStateException("Redis Cluster is not started; register the extension on a static field");
		}
		return this.cluster;
	}

	/**
	 * The URIs of all nodes, to seed a {@code RedisClusterClient}.
	 * @return the URIs
	 */
	public List<RedisURI> uris() {
		return cluster().uris();
	}

	/**
	 * The nodes for {@code spring.data.redis.cluster.nodes}.
	 * @return {@code host:port} of every node, comma-separated
	 */
	public String clusterNodes() {
		return cluster().clusterNodes();
	}

}
