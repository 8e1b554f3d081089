package io.ssegate.testing.redis;

import java.util.List;

import io.lettuce.core.RedisURI;

/**
 * A node of a {@link RedisClusterServer}. Its id, host and port never change; its role
 * and slots are read from the cluster when asked, since failovers and resharding change
 * them.
 */
public final class ClusterNode {

	private final RedisClusterServer cluster;

	private final RedisProcess process;

	private final int busPort;

	private final String nodeId;

	ClusterNode(RedisClusterServer cluster, RedisProcess process, int busPort, String nodeId) {
		this.cluster = cluster;
		this.process = process;
		this.busPort = busPort;
		this.nodeId = nodeId;
	}

	/**
	 * The node id ({@code CLUSTER MYID}), kept across restarts.
	 * @return the node id
	 */
	public String nodeId() {
		return this.nodeId;
	}

	/**
	 * The host to connect to.
	 * @return {@code 127.0.0.1}
	 */
	public String host() {
		return RedisProcess.HOST;
	}

	/**
	 * The port clients connect to.
	 * @return the port
	 */
	public int port() {
		return this.process.port();
	}

	/**
	 * The node's URI.
	 * @return a {@code redis://host:port} URI
	 */
	public RedisURI uri() {
		return RedisURI.create(host(), port());
	}

	/**
	 * The node's address.
	 * @return {@code host:port}
	 */
	public String hostAndPort() {
		return host() + ":" + port();
	}

	/**
	 * Whether the cluster sees this node as a master now.
	 * @return whether it is a master
	 */
	public boolean isMaster() {
		return this.cluster.topology().isMaster(this.nodeId);
	}

	/**
	 * The slots the cluster sees this node serve now.
	 * @return the slots in ascending order, empty for a replica
	 */
	public List<Integer> slots() {
		return this.cluster.topology().slotsOf(this.nodeId);
	}

	/**
	 * Whether the process runs (it was not {@linkplain RedisClusterServer#kill killed}).
	 * @return whether it runs
	 */
	public boolean isRunning() {
		return this.process.isAlive();
	}

	int busPort() {
		return this.busPort;
	}

	RedisProcess process() {
		return this.process;
	}

	@Override
	public String toString() {
		return hostAndPort() + " (" + this.nodeId.substring(0, Math.min(8, this.nodeId.length())) + ")";
	}

}
