package io.ssegate.testing.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KillArgs;
import io.lettuce.core.MigrateArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis Cluster of three masters and three replicas, {@code redis-server}
 * processes on free loopback ports, without persistence, with operations to inject the
 * faults a production cluster sees: a manual failover, a crashed node and its restart, a
 * slot moving to another master, dropped pub/sub connections. No Docker image is needed,
 * only a {@code redis-server} binary (7.0 or later) on the {@code PATH}.
 * <p>
 * The cluster is created by hand rather than with {@code redis-cli --cluster create}:
 * every node gets its slot range and a distinct config epoch while it is still alone,
 * every pair of nodes is introduced with {@code CLUSTER MEET} (so no node waits for
 * gossip to discover the others), and the replicas attach with {@code CLUSTER REPLICATE}.
 * This needs no {@code redis-tools} package, no subprocess whose output has to be parsed,
 * and avoids {@code redis-cli}'s fixed one-second polls while the cluster joins; it takes
 * about as long as Redis itself imposes (a master reports {@code cluster_state:ok} no
 * sooner than two seconds after it started). Each node is given its own cluster bus port
 * ({@code cluster-port}), so that no port above 55535 is ever needed.
 * <p>
 * Every operation waits until the cluster is stable again: every running node reports
 * {@code cluster_state:ok}, knows all six nodes, sees every running node connected and
 * not failing, agrees with the others on roles, masters and slots, every slot is served
 * by a running master and every running replica's {@code master_link_status} is
 * {@code up}. The roles of the nodes change with failovers: ask a {@link ClusterNode}
 * rather than assume which port is a master.
 * <p>
 * The caller owns the cluster and must {@link #close()} it; a JVM shutdown hook kills the
 * processes of a cluster that was not closed.
 */
public final class RedisClusterServer implements AutoCloseable {

	/** The default {@code cluster-node-timeout}: how long a node may be unreachable. */
	public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofMillis(2000);

	private static final int MASTERS = 3;

	private static final int NODES = 2 * MASTERS;

	private static final Duration PING_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

	private static final int MIGRATE_BATCH = 100;

	private static final System.Logger logger = System.getLogger(RedisClusterServer.class.getName());

	private final ProcessGroup group;

	private final Duration operationTimeout;

	private final List<ClusterNode> nodes = new ArrayList<>();

	private final RedisClient client;

	private final Map<ClusterNode, StatefulRedisConnection<String, String>> connections = new ConcurrentHashMap<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private RedisClusterServer(ProcessGroup group, Duration nodeTimeout) {
		this.group = group;
		this.operationTimeout = Duration.ofSeconds(10).plus(nodeTimeout.multipliedBy(5));
		this.client = RedisClient.create();
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(false)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
			.build());
	}

	/**
	 * Start a cluster with the {@link #DEFAULT_NODE_TIMEOUT}.
	 * @return the running cluster; close it when done
	 * @throws IllegalStateException if there is no {@code redis-server} binary or the
	 * cluster does not form, with the tails of the nodes' logs
	 */
	public static RedisClusterServer start() {
		return start(DEFAULT_NODE_TIMEOUT);
	}

	/**
	 * Start a cluster.
	 * @param nodeTimeout the {@code cluster-node-timeout}: how long a master may be
	 * unreachable before its replica takes over
	 * @return the running cluster; close it when done
	 * @throws IllegalStateException if there is no {@code redis-server} binary or the
	 * cluster does not form, with the tails of the nodes' logs
	 */
	public static RedisClusterServer start(Duration nodeTimeout) {
		if (nodeTimeout.isNegative() || nodeTimeout.isZero()) {
			throw new IllegalArgumentException("nodeTimeout must be positive");
		}
		Path binary = RedisProcess.requireBinary("RedisClusterServer");
		long started = System.nanoTime();
		RedisClusterServer cluster = new RedisClusterServer(ProcessGroup.create("cluster"), nodeTimeout);
		try {
			cluster.create(binary, nodeTimeout);
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
		logger.log(System.Logger.Level.INFO, "Redis Cluster started on {0} in {1} ms", cluster.clusterNodes(),
				millisSince(started));
		return cluster;
	}

	private void create(Path binary, Duration nodeTimeout) {
		int[] ports = RedisProcess.freePorts(2 * NODES);
		List<RedisProcess> processes = new ArrayList<>();
		for (int i = 0; i < NODES; i++) {
			int port = ports[2 * i];
			RedisProcess process = this.group.process(binary, "node-" + port, port,
					nodeArguments(port, ports[2 * i + 1], nodeTimeout));
			process.start(List.of());
			processes.add(process);
		}
		for (int i = 0; i < NODES; i++) {
			RedisProcess process = processes.get(i);
			process.awaitPing(PING_TIMEOUT);
			try (StatefulRedisConnection<String, String> connection = connect(process.port())) {
				this.nodes.add(new ClusterNode(this, process, ports[2 * i + 1], connection.sync().clusterMyId()));
			}
		}
		assignSlotsAndEpochs();
		meetEachOther();
		Polling.await(this.operationTimeout, "every node knows the others", this::unknownNodes, this.group::logTails);
		for (int i = 0; i < MASTERS; i++) {
			commands(this.nodes.get(MASTERS + i)).clusterReplicate(this.nodes.get(i).nodeId());
		}
		await("three masters have one replica each",
				(topology) -> this.nodes.subList(0, MASTERS)
					.stream()
					.allMatch((master) -> topology.replicasOf(master.nodeId()).size() == 1));
	}

	private List<String> nodeArguments(int port, int busPort, Duration nodeTimeout) {
		Path directory = this.group.directory();
		return List.of("--port", String.valueOf(port), "--bind", RedisProcess.HOST, "--protected-mode", "no",
				"--cluster-enabled", "yes", "--cluster-config-file",
				directory.resolve("nodes-" + port + ".conf").toString(), "--cluster-node-timeout",
				String.valueOf(nodeTimeout.toMillis()), "--cluster-port", String.valueOf(busPort),
				"--cluster-announce-ip", RedisProcess.HOST, "--appendonly", "no", "--save", "", "--repl-diskless-sync",
				"yes", "--repl-diskless-sync-delay", "0", "--repl-diskless-load", "swapdb", "--dbfilename",
				"dump-" + port + ".rdb", "--dir", directory.toString());
	}

	private void assignSlotsAndEpochs() {
		int perMaster = SlotHash.SLOT_COUNT / MASTERS;
		for (int i = 0; i < NODES; i++) {
			RedisCommands<String, String> commands = commands(this.nodes.get(i));
			if (i < MASTERS) {
				int last = (i == MASTERS - 1) ? SlotHash.SLOT_COUNT - 1 : (i + 1) * perMaster - 1;
				commands.clusterAddSlotsRange(Range.create(i * perMaster, last));
			}
			// Distinct epochs, set while each node is alone, spare the epoch collision
			// resolution (as redis-cli does).
			commands.clusterSetConfigEpoch(i + 1);
		}
	}

	private void meetEachOther() {
		for (int i = 0; i < NODES; i++) {
			for (int j = i + 1; j < NODES; j++) {
				ClusterNode other = this.nodes.get(j);
				// CLUSTER MEET with the bus port, which Lettuce's clusterMeet cannot
				// pass.
				commands(this.nodes.get(i)).dispatch(CommandType.CLUSTER, new StatusOutput<>(StringCodec.UTF8),
						new CommandArgs<>(StringCodec.UTF8).add("MEET")
							.add(other.host())
							.add(other.port())
							.add(other.busPort()));
			}
		}
	}

	private @Nullable String unknownNodes() {
		for (ClusterNode node : this.nodes) {
			ClusterTopology view = ClusterTopology.parse(commands(node).clusterNodes());
			for (ClusterNode other : this.nodes) {
				if (!view.knows(other.nodeId())) {
					return node + " does not know " + other + " yet";
				}
			}
		}
		return null;
	}

	/**
	 * The URIs of all nodes (masters and replicas), to seed a cluster client.
	 * @return the URIs, in a fixed order
	 */
	public List<RedisURI> uris() {
		return this.nodes.stream().map(ClusterNode::uri).toList();
	}

	/**
	 * The nodes for {@code spring.data.redis.cluster.nodes}.
	 * @return {@code host:port} of every node, comma-separated
	 */
	public String clusterNodes() {
		return this.nodes.stream().map(ClusterNode::hostAndPort).collect(Collectors.joining(","));
	}

	/**
	 * All six nodes, running or not, in a fixed order.
	 * @return the nodes
	 */
	public List<ClusterNode> nodes() {
		return List.copyOf(this.nodes);
	}

	/**
	 * The masters that serve slots, as the cluster sees them now.
	 * @return the masters
	 */
	public List<ClusterNode> masters() {
		ClusterTopology topology = topology();
		return this.nodes.stream()
			.filter((node) -> topology.isMaster(node.nodeId()) && !topology.slotsOf(node.nodeId()).isEmpty())
			.toList();
	}

	/**
	 * The replicas, as the cluster sees them now.
	 * @return the replicas
	 */
	public List<ClusterNode> replicas() {
		ClusterTopology topology = topology();
		return this.nodes.stream().filter((node) -> topology.masterOf(node.nodeId()) != null).toList();
	}

	/**
	 * The replicas of a master, as the cluster sees them now.
	 * @param master a master
	 * @return its replicas
	 */
	public List<ClusterNode> replicasOf(ClusterNode master) {
		List<String> ids = topology().replicasOf(master.nodeId());
		return this.nodes.stream().filter((node) -> ids.contains(node.nodeId())).toList();
	}

	/**
	 * The slot of a key.
	 * @param key a key (hash tags count)
	 * @return its slot
	 */
	public static int slotOf(String key) {
		return SlotHash.getSlot(key);
	}

	/**
	 * The master that serves a slot now.
	 * @param slot the slot
	 * @return its master
	 */
	public ClusterNode masterOf(int slot) {
		String id = topology().ownerOf(slot);
		return this.nodes.stream()
			.filter((node) -> node.nodeId().equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No master serves slot " + slot));
	}

	/**
	 * Fail over the master that serves a slot to its replica ({@code CLUSTER FAILOVER} on
	 * the replica), and wait until every node agrees.
	 * @param slot the slot
	 * @return the new master
	 */
	public ClusterNode failover(int slot) {
		return failover(masterOf(slot));
	}

	/**
	 * Fail a master over to one of its running replicas with a manual
	 * {@code CLUSTER FAILOVER} on the replica (no write is lost), and wait until every
	 * node sees the replica as the master of those slots and the old master replicating
	 * from it.
	 * @param master a running master
	 * @return the new master
	 * @throws IllegalArgumentException if the node is not a master with a running replica
	 */
	public ClusterNode failover(ClusterNode master) {
		if (!master.isRunning()) {
			throw new IllegalArgumentException(master + " is not running; kill a master to fail it over without it");
		}
		ClusterTopology before = topology();
		List<Integer> slots = before.slotsOf(master.nodeId());
		if (!before.isMaster(master.nodeId()) || slots.isEmpty()) {
			throw new IllegalArgumentException(master + " is not a master that serves slots");
		}
		ClusterNode replica = replicasOf(master).stream()
			.filter(ClusterNode::isRunning)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(master + " has no running replica"));
		long started = System.nanoTime();
		commands(replica).clusterFailover(false);
		await(replica + " took over " + ClusterTopology.ranges(slots) + " from " + master,
				(topology) -> topology.isMaster(replica.nodeId())
						&& topology.slotsOf(replica.nodeId()).containsAll(slots)
						&& replica.nodeId().equals(topology.masterOf(master.nodeId())));
		logger.log(System.Logger.Level.INFO, "Redis Cluster failed over {0} to {1} in {2} ms", master, replica,
				millisSince(started));
		return replica;
	}

	/**
	 * Kill a node with SIGKILL, as a crash would, and wait until the process is gone (not
	 * until the cluster noticed: a killed master's replica takes over after the node
	 * timeout; {@link #awaitStable()} waits for that).
	 * @param node a node
	 */
	public void kill(ClusterNode node) {
		node.process().kill();
		disconnect(node);
		logger.log(System.Logger.Level.INFO, "Redis Cluster node {0} killed", node);
	}

	/**
	 * Start a killed node again on its port with its cluster config file, empty (nothing
	 * is persisted), and wait until it has rejoined and the cluster is stable. A master
	 * whose replica took over comes back as that replica's replica. A master restarted
	 * before its replica took over stays master, and its slots come back empty, as they
	 * would in production.
	 * @param node a killed node
	 * @throws IllegalArgumentException if the node is running
	 */
	public void restart(ClusterNode node) {
		if (node.isRunning()) {
			throw new IllegalArgumentException(node + " is running");
		}
		restart(List.of(node));
	}

	/**
	 * {@linkplain #restart(ClusterNode) Restart} every killed node at once, and wait
	 * until the cluster is stable.
	 */
	public void restartKilledNodes() {
		restart(this.nodes.stream().filter((node) -> !node.isRunning()).toList());
	}

	private void restart(List<ClusterNode> killed) {
		long started = System.nanoTime();
		killed.forEach((node) -> node.process().start(List.of()));
		killed.forEach((node) -> node.process().awaitPing(PING_TIMEOUT));
		await(killed.isEmpty() ? "the cluster is stable" : killed + " rejoined", (topology) -> true);
		if (!killed.isEmpty()) {
			logger.log(System.Logger.Level.INFO, "Redis Cluster nodes {0} restarted and rejoined in {1} ms", killed,
					millisSince(started));
		}
	}

	/**
	 * Move a slot and its keys to another master, as a resharding does: {@code CLUSTER
	 * SETSLOT IMPORTING/MIGRATING}, {@code MIGRATE} of the keys in batches, then
	 * {@code CLUSTER SETSLOT NODE} on every master; and wait until every node agrees.
	 * @param slot the slot
	 * @param target the master to move it to
	 * @throws IllegalArgumentException if the target is not a master or serves the slot
	 * already
	 */
	public void moveSlot(int slot, ClusterNode target) {
		ClusterNode source = masterOf(slot);
		if (source.equals(target) || !topology().isMaster(target.nodeId())) {
			throw new IllegalArgumentException(target + " is not a master or serves slot " + slot + " already");
		}
		long started = System.nanoTime();
		RedisCommands<String, String> from = commands(source);
		commands(target).clusterSetSlotImporting(slot, source.nodeId());
		from.clusterSetSlotMigrating(slot, target.nodeId());
		List<String> keys = from.clusterGetKeysInSlot(slot, MIGRATE_BATCH);
		while (!keys.isEmpty()) {
			from.migrate(target.host(), target.port(), 0, COMMAND_TIMEOUT.toMillis(), MigrateArgs.Builder.keys(keys));
			keys = from.clusterGetKeysInSlot(slot, MIGRATE_BATCH);
		}
		commands(target).clusterSetSlotNode(slot, target.nodeId());
		from.clusterSetSlotNode(slot, target.nodeId());
		for (ClusterNode master : masters()) {
			if (!master.equals(source) && !master.equals(target)) {
				commands(master).clusterSetSlotNode(slot, target.nodeId());
			}
		}
		await("slot " + slot + " moved to " + target, (topology) -> target.nodeId().equals(topology.ownerOf(slot)));
		logger.log(System.Logger.Level.INFO, "Redis Cluster slot {0} moved from {1} to {2} in {3} ms", slot, source,
				target, millisSince(started));
	}

	/**
	 * Kill the pub/sub connections (including sharded ones) of other clients to one node,
	 * as a network blip would.
	 * @param node a running node
	 * @return how many connections were killed
	 */
	public long killPubSubClients(ClusterNode node) {
		return commands(node).clientKill(KillArgs.Builder.typePubsub().skipme(true));
	}

	/**
	 * Kill the pub/sub connections of other clients to every running node.
	 * @return how many connections were killed
	 */
	public long killPubSubClients() {
		return this.nodes.stream().filter(ClusterNode::isRunning).mapToLong(this::killPubSubClients).sum();
	}

	/**
	 * Delete every key on every master (replicas follow).
	 */
	public void flushAll() {
		masters().forEach((master) -> commands(master).flushall());
	}

	/**
	 * Commands on a connection to one node (not a cluster connection: keys of other
	 * nodes' slots answer {@code MOVED}). The connection is owned by the cluster and
	 * closed when the node is killed; call this again after a restart.
	 * @param node a running node
	 * @return the commands
	 */
	public RedisCommands<String, String> commands(ClusterNode node) {
		if (this.closed.get()) {
			throw new IllegalStateException("The cluster is closed");
		}
		return this.connections.compute(node, (key, connection) -> {
			if (connection != null && connection.isOpen()) {
				return connection;
			}
			return connect(node.port());
		}).sync();
	}

	/**
	 * Wait until the running nodes agree on a healthy cluster (see the class
	 * description), for example until a killed master's replica took over.
	 * @throws IllegalStateException if that does not happen in time
	 */
	public void awaitStable() {
		await("the cluster is stable", (topology) -> true);
	}

	private static long millisSince(long nanoTime) {
		return Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
	}

	/**
	 * The topology seen by the first running node.
	 */
	ClusterTopology topology() {
		ClusterNode viewer = this.nodes.stream()
			.filter(ClusterNode::isRunning)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No node of the cluster is running"));
		return ClusterTopology.parse(commands(viewer).clusterNodes());
	}

	private void await(String goal, Predicate<ClusterTopology> condition) {
		Polling.await(this.operationTimeout, goal, () -> unstable(condition), this.group::logTails);
	}

	private @Nullable String unstable(Predicate<ClusterTopology> condition) {
		Set<String> all = this.nodes.stream().map(ClusterNode::nodeId).collect(Collectors.toSet());
		Set<String> running = this.nodes.stream()
			.filter(ClusterNode::isRunning)
			.map(ClusterNode::nodeId)
			.collect(Collectors.toSet());
		ClusterTopology reference = null;
		String referenceSignature = null;
		for (ClusterNode node : this.nodes) {
			if (!node.isRunning()) {
				continue;
			}
			RedisCommands<String, String> commands = commands(node);
			if (!commands.clusterInfo().contains("cluster_state:ok")) {
				return node + " does not report cluster_state:ok";
			}
			String clusterNodes = commands.clusterNodes();
			if (clusterNodes.contains("->-") || clusterNodes.contains("-<-")) {
				return node + " has a slot migrating or importing";
			}
			ClusterTopology view = ClusterTopology.parse(clusterNodes);
			String problem = view.problem(all, running);
			if (problem != null) {
				return node + " " + problem;
			}
			if (view.masterOf(node.nodeId()) != null
					&& !commands.info("replication").contains("master_link_status:up")) {
				return node + " is a replica whose link to its master is not up";
			}
			String signature = view.signature(running);
			if (reference == null) {
				reference = view;
				referenceSignature = signature;
			}
			else if (!signature.equals(referenceSignature)) {
				return "nodes disagree: " + node + " sees " + signature + " where another sees " + referenceSignature;
			}
		}
		if (reference == null) {
			return "no node is running";
		}
		return condition.test(reference) ? null : "the nodes agree, on " + referenceSignature;
	}

	private StatefulRedisConnection<String, String> connect(int port) {
		return this.client.connect(
				RedisURI.builder().withHost(RedisProcess.HOST).withPort(port).withTimeout(COMMAND_TIMEOUT).build());
	}

	private void disconnect(ClusterNode node) {
		StatefulRedisConnection<String, String> connection = this.connections.remove(node);
		if (connection != null && connection.isOpen()) {
			connection.closeAsync();
		}
	}

	/**
	 * Kill every node and delete the temporary directory. Can be called more than once.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			// Shutting the client down closes its connections.
			this.connections.clear();
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
		finally {
			this.group.close();
		}
	}

}
