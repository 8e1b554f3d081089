package io.ssegate.testing.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis Sentinel deployment: a primary and a replica ({@code redis-server}
 * processes without persistence) watched by three sentinels ({@code redis-server
 * --sentinel}), all on free loopback ports, with operations to fail the primary over. No
 * Docker image and no {@code redis-sentinel} package are needed, only a
 * {@code redis-server} binary (7.0 or later) on the {@code PATH}.
 * <p>
 * The sentinels monitor {@value #MASTER_NAME} with a quorum of two, consider it down
 * after {@link #DOWN_AFTER} and give a failover {@link #FAILOVER_TIMEOUT}. Their internal
 * periods are shortened with {@code SENTINEL DEBUG} (hello messages every 200 ms instead
 * of 2 s, {@code INFO} every half second instead of every 10 s), so that they discover
 * each other and the replica, and reconfigure a demoted primary, in about a second.
 * <p>
 * Every operation waits until the deployment is stable again: every sentinel names the
 * same primary, sees it up without a failover in progress, knows the two other sentinels
 * (and {@code SENTINEL CKQUORUM} passes), and sees every running replica up and linked to
 * the primary, which the data nodes confirm themselves ({@code INFO replication}).
 * <p>
 * The caller owns the deployment and must {@link #close()} it; a JVM shutdown hook kills
 * the processes of a deployment that was not closed.
 */
public final class RedisSentinelServer implements AutoCloseable {

	/** The name the sentinels monitor the primary under. */
	public static final String MASTER_NAME = "mymaster";

	/** The sentinels' {@code down-after-milliseconds}. */
	public static final Duration DOWN_AFTER = Duration.ofMillis(1000);

	/** The sentinels' {@code failover-timeout}. */
	public static final Duration FAILOVER_TIMEOUT = Duration.ofMillis(2000);

	private static final int SENTINELS = 3;

	private static final int QUORUM = 2;

	private static final Duration INFO_PERIOD = Duration.ofMillis(500);

	private static final Duration PUBLISH_PERIOD = Duration.ofMillis(200);

	private static final Duration PING_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

	private static final System.Logger logger = System.getLogger(RedisSentinelServer.class.getName());

	private final ProcessGroup group;

	private final RedisClient client;

	private final List<RedisProcess> dataNodes = new ArrayList<>();

	private final List<RedisProcess> sentinels = new ArrayList<>();

	private final Map<Integer, StatefulRedisConnection<String, String>> connections = new ConcurrentHashMap<>();

	private final Map<Integer, StatefulRedisSentinelConnection<String, String>> sentinelConnections = new ConcurrentHashMap<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private RedisSentinelServer(ProcessGroup group) {
		this.group = group;
		this.client = RedisClient.create();
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(false)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
			.build());
	}

	/**
	 * Start a primary, its replica and three sentinels, and wait until the sentinels know
	 * the primary, the replica and each other.
	 * @return the running deployment; close it when done
	 * @throws IllegalStateException if there is no {@code redis-server} binary or the
	 * deployment does not come up, with the tails of the processes' logs
	 */
	public static RedisSentinelServer start() {
		Path binary = RedisProcess.requireBinary("RedisSentinelServer");
		long started = System.nanoTime();
		RedisSentinelServer deployment = new RedisSentinelServer(ProcessGroup.create("sentinel"));
		try {
			deployment.create(binary);
		}
		catch (RuntimeException ex) {
			deployment.close();
			throw ex;
		}
		logger.log(System.Logger.Level.INFO, "Redis Sentinel started on {0}, primary {1}, in {2} ms",
				deployment.sentinelNodes(), deployment.primary(), millisSince(started));
		return deployment;
	}

	private void create(Path binary) {
		int[] ports = RedisProcess.freePorts(2 + SENTINELS);
		for (int i = 0; i < 2; i++) {
			this.dataNodes.add(this.group.process(binary, "redis-" + ports[i], ports[i], dataNodeArguments(ports[i])));
		}
		RedisProcess primary = this.dataNodes.get(0);
		this.dataNodes.forEach((node) -> node.start(List.of()));
		this.dataNodes.forEach((node) -> node.awaitPing(PING_TIMEOUT));
		replicate(this.dataNodes.get(1), primary);
		// A sentinel learns of replicas from the primary's INFO: let the replica attach
		// first.
		await("the replica is attached", () -> dataNodeProblem(primary, List.of(this.dataNodes.get(1))));
		for (int i = 2; i < ports.length; i++) {
			Path config = writeSentinelConfig(ports[i], primary.port());
			RedisProcess sentinel = this.group.process(binary, "sentinel-" + ports[i], ports[i],
					List.of(config.toString(), "--sentinel"));
			sentinel.start(List.of());
			this.sentinels.add(sentinel);
		}
		for (RedisProcess sentinel : this.sentinels) {
			sentinel.awaitPing(PING_TIMEOUT);
			RedisSentinelCommands<String, String> commands = sentinel(sentinel);
			commands.dispatch(CommandType.SENTINEL, new StatusOutput<>(StringCodec.UTF8),
					new CommandArgs<>(StringCodec.UTF8).add("DEBUG")
						.add("info-period")
						.add(INFO_PERIOD.toMillis())
						.add("publish-period")
						.add(PUBLISH_PERIOD.toMillis()));
		}
		awaitStable();
	}

	private List<String> dataNodeArguments(int port) {
		return List.of("--port", String.valueOf(port), "--bind", RedisProcess.HOST, "--protected-mode", "no",
				"--appendonly", "no", "--save", "", "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0",
				"--repl-diskless-load", "swapdb", "--dbfilename", "dump-" + port + ".rdb", "--dir",
				this.group.directory().toString());
	}

	/**
	 * Make a node replicate from the primary with {@code REPLICAOF}, which connects at
	 * once, where a {@code --replicaof} argument waits for the replication cron (up to a
	 * second).
	 */
	private void replicate(RedisProcess replica, RedisProcess primary) {
		commands(replica).replicaof(RedisProcess.HOST, primary.port());
	}

	private Path writeSentinelConfig(int port, int primaryPort) {
		Path config = this.group.directory().resolve("sentinel-" + port + ".conf");
		String text = String.join("\n", "port " + port, "bind " + RedisProcess.HOST, "protected-mode no",
				"dir " + this.group.directory(),
				"sentinel monitor " + MASTER_NAME + " " + RedisProcess.HOST + " " + primaryPort + " " + QUORUM,
				"sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
				"sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT.toMillis(),
				"sentinel parallel-syncs " + MASTER_NAME + " 1", "");
		try {
			// Sentinel rewrites its configuration file: it must be writable.
			return Files.writeString(config, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The sentinels' URIs.
	 * @return a {@code redis://host:port} URI per sentinel
	 */
	public List<RedisURI> sentinelUris() {
		return this.sentinels.stream().map((sentinel) -> RedisURI.create(RedisProcess.HOST, sentinel.port())).toList();
	}

	/**
	 * The sentinels for {@code spring.data.redis.sentinel.nodes}.
	 * @return {@code host:port} of every sentinel, comma-separated
	 */
	public String sentinelNodes() {
		return this.sentinels.stream().map(RedisProcess::toString).collect(Collectors.joining(","));
	}

	/**
	 * The name the primary is monitored under, for
	 * {@code spring.data.redis.sentinel.master}.
	 * @return {@value #MASTER_NAME}
	 */
	public String masterName() {
		return MASTER_NAME;
	}

	/**
	 * A URI for Lettuce's {@code RedisClient} that finds the primary through the
	 * sentinels.
	 * @return a {@code redis-sentinel://} URI naming every sentinel and the master name
	 */
	public RedisURI uri() {
		RedisURI.Builder builder = RedisURI.Builder.sentinel(RedisProcess.HOST, this.sentinels.get(0).port(),
				MASTER_NAME);
		this.sentinels.stream().skip(1).forEach((sentinel) -> builder.withSentinel(RedisProcess.HOST, sentinel.port()));
		return builder.build();
	}

	/**
	 * The current primary, as a sentinel tells it ({@code SENTINEL
	 * GET-MASTER-ADDR-BY-NAME}).
	 * @return the primary's URI
	 */
	public RedisURI primary() {
		InetSocketAddress address = (InetSocketAddress) sentinel(this.sentinels.get(0))
			.getMasterAddrByName(MASTER_NAME);
		return RedisURI.create(address.getHostString(), address.getPort());
	}

	/**
	 * Fail the primary over to the replica ({@code SENTINEL FAILOVER}: no write is lost),
	 * and wait until every sentinel names the replica as the primary, it answers as a
	 * primary and the old primary replicates from it.
	 * @return the new primary's URI
	 */
	public RedisURI failover() {
		RedisProcess oldPrimary = primaryNode();
		RedisProcess newPrimary = runningReplicas(oldPrimary).stream()
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No running replica to fail over to"));
		long started = System.nanoTime();
		sentinel(this.sentinels.get(0)).failover(MASTER_NAME);
		await(newPrimary + " took over from " + oldPrimary, () -> problem(newPrimary, runningReplicas(newPrimary)));
		logger.log(System.Logger.Level.INFO, "Redis Sentinel failed over {0} to {1} in {2} ms", oldPrimary, newPrimary,
				millisSince(started));
		return RedisURI.create(RedisProcess.HOST, newPrimary.port());
	}

	/**
	 * Kill the primary with SIGKILL, as a crash would, and wait until the sentinels
	 * promoted the replica (after {@link #DOWN_AFTER}, an election and the promotion:
	 * about three seconds). The killed node stays down until
	 * {@link #restartKilledNodes()}.
	 * @return the new primary's URI
	 */
	public RedisURI killPrimary() {
		RedisProcess oldPrimary = primaryNode();
		RedisProcess newPrimary = runningReplicas(oldPrimary).stream()
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No running replica to fail over to"));
		long started = System.nanoTime();
		oldPrimary.kill();
		disconnect(oldPrimary);
		logger.log(System.Logger.Level.INFO, "Redis Sentinel primary {0} killed", oldPrimary);
		await("the sentinels promoted " + newPrimary, () -> problem(newPrimary, runningReplicas(newPrimary)));
		logger.log(System.Logger.Level.INFO, "Redis Sentinel promoted {0} in {1} ms", newPrimary, millisSince(started));
		return RedisURI.create(RedisProcess.HOST, newPrimary.port());
	}

	/**
	 * Start killed data nodes again on their ports, empty, as replicas of the current
	 * primary, and wait until the sentinels see them replicate.
	 */
	public void restartKilledNodes() {
		RedisProcess primary = primaryNode();
		for (RedisProcess node : this.dataNodes) {
			if (!node.isAlive()) {
				long started = System.nanoTime();
				node.start(List.of());
				node.awaitPing(PING_TIMEOUT);
				replicate(node, primary);
				awaitStable();
				logger.log(System.Logger.Level.INFO, "Redis Sentinel node {0} restarted as a replica in {1} ms", node,
						millisSince(started));
			}
		}
		awaitStable();
	}

	/**
	 * Wait until the deployment is stable (see the class description).
	 * @throws IllegalStateException if that does not happen in time
	 */
	public void awaitStable() {
		await("the sentinels agree on the primary", () -> {
			RedisProcess primary = primaryNode();
			return problem(primary, runningReplicas(primary));
		});
	}

	/**
	 * Commands on a connection to the current primary, owned by the deployment.
	 * @return the commands
	 */
	public RedisCommands<String, String> primaryCommands() {
		return commands(primaryNode());
	}

	private static long millisSince(long nanoTime) {
		return Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
	}

	private RedisProcess primaryNode() {
		int port = primary().getPort();
		return this.dataNodes.stream()
			.filter((node) -> node.port() == port)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The sentinels name an unknown primary on port " + port));
	}

	private List<RedisProcess> runningReplicas(RedisProcess primary) {
		return this.dataNodes.stream().filter((node) -> node != primary && node.isAlive()).toList();
	}

	private @Nullable String problem(RedisProcess primary, List<RedisProcess> replicas) {
		String dataNodes = dataNodeProblem(primary, replicas);
		if (dataNodes != null) {
			return dataNodes;
		}
		for (RedisProcess sentinel : this.sentinels) {
			String problem = sentinelProblem(sentinel, primary, replicas);
			if (problem != null) {
				return "sentinel " + sentinel + " " + problem;
			}
		}
		return null;
	}

	private @Nullable String dataNodeProblem(RedisProcess primary, List<RedisProcess> replicas) {
		if (!commands(primary).info("replication").contains("role:master")) {
			return primary + " is not a primary (yet)";
		}
		for (RedisProcess replica : replicas) {
			String info = commands(replica).info("replication");
			if (!info.contains("role:slave") || !info.contains("master_port:" + primary.port() + "\r\n")
					|| !info.contains("master_link_status:up")) {
				return replica + " does not replicate from " + primary + " (yet)";
			}
		}
		return null;
	}

	private @Nullable String sentinelProblem(RedisProcess sentinel, RedisProcess primary, List<RedisProcess> replicas) {
		RedisSentinelCommands<String, String> commands = sentinel(sentinel);
		Map<String, String> master = commands.master(MASTER_NAME);
		if (!String.valueOf(primary.port()).equals(master.get("port"))) {
			return "names " + master.get("ip") + ":" + master.get("port") + " as the primary";
		}
		if (!"master".equals(master.get("flags"))) {
			return "sees the primary as " + master.get("flags");
		}
		if (!String.valueOf(SENTINELS - 1).equals(master.get("num-other-sentinels"))) {
			return "knows " + master.get("num-other-sentinels") + " other sentinels";
		}
		List<Map<String, String>> known = commands.replicas(MASTER_NAME);
		for (RedisProcess replica : replicas) {
			Map<String, String> seen = known.stream()
				.filter((candidate) -> String.valueOf(replica.port()).equals(candidate.get("port")))
				.findFirst()
				.orElse(null);
			if (seen == null) {
				return "does not know replica " + replica;
			}
			if (!"slave".equals(seen.get("flags")) || !"ok".equals(seen.get("master-link-status"))
					|| !String.valueOf(primary.port()).equals(seen.get("master-port"))
					|| Long.parseLong(seen.getOrDefault("info-refresh", "0")) > 3 * INFO_PERIOD.toMillis()) {
				return "sees replica " + replica + " as " + seen;
			}
		}
		String quorum = commands.dispatch(CommandType.SENTINEL, new StatusOutput<>(StringCodec.UTF8),
				new CommandArgs<>(StringCodec.UTF8).add("CKQUORUM").add(MASTER_NAME));
		return (quorum != null && quorum.startsWith("OK " + SENTINELS + " usable")) ? null : "reports " + quorum;
	}

	private void await(String goal, Supplier<@Nullable String> problem) {
		Polling.await(OPERATION_TIMEOUT, goal, problem, this.group::logTails);
	}

	private RedisCommands<String, String> commands(RedisProcess node) {
		checkOpen();
		return this.connections.compute(node.port(), (port, connection) -> {
			if (connection != null && connection.isOpen()) {
				return connection;
			}
			return this.client.connect(uri(port));
		}).sync();
	}

	private RedisSentinelCommands<String, String> sentinel(RedisProcess sentinel) {
		checkOpen();
		return this.sentinelConnections.compute(sentinel.port(), (port, connection) -> {
			if (connection != null && connection.isOpen()) {
				return connection;
			}
			return this.client.connectSentinel(uri(port));
		}).sync();
	}

	private static RedisURI uri(int port) {
		return RedisURI.builder().withHost(RedisProcess.HOST).withPort(port).withTimeout(COMMAND_TIMEOUT).build();
	}

	private void disconnect(RedisProcess node) {
		StatefulRedisConnection<String, String> connection = this.connections.remove(node.port());
		if (connection != null && connection.isOpen()) {
			connection.closeAsync();
		}
	}

	private void checkOpen() {
		if (this.closed.get()) {
			throw new IllegalStateException("The Sentinel deployment is closed");
		}
	}

	/**
	 * Kill every process and delete the temporary directory. Can be called more than
	 * once.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			// Shutting the client down closes its connections.
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
		finally {
			this.group.close();
		}
	}

}
