package io.ssegate.e2e.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.ssegate.e2e.Repository;
import io.ssegate.protocol.TaskKeys;

import static org.awaitility.Awaitility.await;

/**
 * The production topology on this machine, started by {@code deploy/local/cluster.sh}:
 * Redis, gateway nodes (the built jar) and nginx with the shared configuration. Owns
 * every process it started: {@link #close()} stops them, and so does a shutdown hook if
 * the JVM exits first.
 */
public final class LocalCluster implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

	private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

	private static final Pattern CLIENT = Pattern.compile("\\bname=(\\S*).*?\\bsub=(\\d+)");

	private static final Pattern ACTIVE_STREAMS = Pattern.compile("(?m)^ssegate_streams_active(?:\\{[^}]*})? (\\S+)$");

	private final ClusterScript script;

	private final int loadBalancerPort;

	private final int redisPort;

	private volatile List<Node> nodes;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final RedisClient redis;

	private final StatefulRedisConnection<String, String> redisConnection;

	private final Thread shutdownHook;

	private LocalCluster(ClusterScript script, int loadBalancerPort, int redisPort, List<Node> nodes,
			Thread shutdownHook) {
		this.script = script;
		this.loadBalancerPort = loadBalancerPort;
		this.redisPort = redisPort;
		this.nodes = nodes;
		this.shutdownHook = shutdownHook;
		this.redis = RedisClient.create(redisUrl());
		this.redisConnection = this.redis.connect();
	}

	/**
	 * Start a cluster on free ports; fails with the script's output if it does not start.
	 * @param name the name of its state directory under {@code target/clusters}
	 * @param nodeCount how many gateway nodes
	 * @param gatewayArgs arguments for every node
	 * @return the running cluster
	 */
	public static LocalCluster start(String name, int nodeCount, String... gatewayArgs) {
		return start(name, nodeCount, List.of(), gatewayArgs);
	}

	/**
	 * Start a cluster whose nodes require tokens ({@code cluster.sh start --secured}):
	 * they share a random HS256 key, with which the demo page's backend mints its tokens.
	 * @param name the name of its state directory under {@code target/clusters}
	 * @param nodeCount how many gateway nodes
	 * @param gatewayArgs arguments for every node
	 * @return the running cluster
	 */
	public static LocalCluster startSecured(String name, int nodeCount, String... gatewayArgs) {
		return start(name, nodeCount, List.of("--secured"), gatewayArgs);
	}

	private static LocalCluster start(String name, int nodeCount, List<String> options, String... gatewayArgs) {
		ClusterScript script = new ClusterScript(stateDirectory(name));
		// The load balancer, Redis, the nodes' public ports, then their management ports.
		int[] ports = freePorts(2 * nodeCount + 2);
		List<String> args = new ArrayList<>(List.of("start", "--nodes", String.valueOf(nodeCount), "--port",
				String.valueOf(ports[0]), "--redis-port", String.valueOf(ports[1]), "--node-port",
				String.valueOf(ports[2]), "--management-port", String.valueOf(ports[2 + nodeCount]), "--jar",
				Repository.gatewayJar().toString()));
		args.addAll(options);
		args.add("--");
		args.addAll(List.of(gatewayArgs));
		Thread shutdownHook = new Thread(() -> script.run(STOP_TIMEOUT, "stop"), "stop-" + name);
		Runtime.getRuntime().addShutdownHook(shutdownHook);
		try {
			script.run(START_TIMEOUT, args.toArray(String[]::new)).requireSuccess("cluster.sh start");
			return new LocalCluster(script, ports[0], ports[1], readNodes(script.stateDirectory(), nodeCount, ports[2]),
					shutdownHook);
		}
		catch (RuntimeException ex) {
			script.run(STOP_TIMEOUT, "stop");
			Runtime.getRuntime().removeShutdownHook(shutdownHook);
			throw ex;
		}
	}

	public static Path stateDirectory(String name) {
		return Path.of("target", "clusters", name).toAbsolutePath();
	}

	/**
	 * The load balancer (nginx), where browsers connect.
	 * @return its base URI
	 */
	public URI loadBalancer() {
		return URI.create("http://127.0.0.1:" + this.loadBalancerPort + "/");
	}

	int loadBalancerPort() {
		return this.loadBalancerPort;
	}

	public String redisUrl() {
		return "redis://127.0.0.1:" + this.redisPort;
	}

	public List<Node> nodes() {
		return this.nodes;
	}

	ClusterScript script() {
		return this.script;
	}

	/**
	 * Pub/sub subscriptions per node, from Redis {@code CLIENT LIST}: the script names
	 * each node's Redis connections, and a node subscribes to a task's channel exactly
	 * while it holds a stream of that task.
	 * @return the number of subscribed channels of each running node
	 */
	Map<Node, Long> subscriptions() {
		Map<String, Long> byName = new HashMap<>();
		for (String line : this.redisConnection.sync().clientList().split("\n")) {
			Matcher client = CLIENT.matcher(line);
			if (client.find()) {
				byName.merge(client.group(1), Long.parseLong(client.group(2)), Long::sum);
			}
		}
		Map<Node, Long> subscriptions = new LinkedHashMap<>();
		for (Node node : this.nodes) {
			Optional.ofNullable(byName.get(node.clientName())).ifPresent((count) -> subscriptions.put(node, count));
		}
		return subscriptions;
	}

	/**
	 * The {@link #subscriptions()} once they stay the same from one read to the next,
	 * half a second later: when the streams that were ending have ended.
	 * @return the subscriptions
	 */
	Map<Node, Long> awaitSteadySubscriptions() {
		AtomicReference<Map<Node, Long>> last = new AtomicReference<>(subscriptions());
		await("steady subscriptions").atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> last.getAndSet(subscriptions()).equals(last.get()));
		return last.get();
	}

	/**
	 * The ids of a task's events in its history in Redis, in order: what was published.
	 * @param taskId the task
	 * @return the event ids
	 */
	List<String> historyIds(String taskId) {
		return this.redisConnection.sync()
			.xrange(TaskKeys.withDefaultPrefix().history(taskId), Range.create("-", "+"))
			.stream()
			.map(StreamMessage::getId)
			.toList();
	}

	/**
	 * A rolling restart ({@code cluster.sh restart}): each node in turn gets SIGTERM,
	 * drains, exits, starts again on its port and answers; the next follows after a
	 * pause. Returns when the last node answers again; {@link #nodes()} then has the new
	 * pids.
	 * @param pause the time between one node answering and the next one's SIGTERM
	 * @param timeout the longest wait for the whole restart
	 */
	void rollingRestart(Duration pause, Duration timeout) {
		this.script.run(timeout, "restart", "--pause", String.valueOf(pause.toSeconds()))
			.requireSuccess("cluster.sh restart");
		this.nodes = readNodes(this.script.stateDirectory(), this.nodes.size(), this.nodes.get(0).port());
	}

	/**
	 * The node that took a new stream: the one that subscribed to more channels than in
	 * an earlier {@link #subscriptions()}, waiting until exactly one did.
	 * @param before the subscriptions before the stream was opened
	 * @param not a node to leave out (one that is dead), or null
	 * @return the node holding the stream
	 */
	Node awaitNodeServingNewStream(Map<Node, Long> before, Node not) {
		Map<Node, Long> now = await("the node holding the stream").atMost(Duration.ofSeconds(10))
			.until(this::subscriptions, (subscriptions) -> subscribedSince(subscriptions, before, not).size() == 1);
		return subscribedSince(now, before, not).get(0);
	}

	private static List<Node> subscribedSince(Map<Node, Long> subscriptions, Map<Node, Long> before, Node not) {
		return subscriptions.entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().equals(not))
			.filter((entry) -> entry.getValue() > before.getOrDefault(entry.getKey(), 0L))
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * A node's open streams, from its {@code ssegate_streams_active} gauge.
	 * @param node the node
	 * @return the count, or -1 while the node does not answer
	 */
	public int activeStreams(Node node) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + "/actuator/prometheus"))
			.timeout(Duration.ofSeconds(5))
			.build();
		try {
			Matcher gauge = ACTIVE_STREAMS
				.matcher(this.http.send(request, HttpResponse.BodyHandlers.ofString()).body());
			return gauge.find() ? (int) Double.parseDouble(gauge.group(1)) : -1;
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/**
	 * Kill a node with SIGKILL, as a crash would, and wait until it is gone.
	 * @param node the node
	 */
	public void kill(Node node) {
		ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroyForcibly);
		await("node " + node.number() + " gone").atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !accepts(node.port()));
	}

	/**
	 * Stop a node with SIGTERM, as an orchestrator does, and wait until it has exited
	 * (after its graceful drain).
	 * @param node the node
	 * @param timeout the longest wait for the process to exit
	 */
	void terminate(Node node, Duration timeout) {
		ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroy);
		await("node " + node.number() + " exited").atMost(timeout)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !isRunning(node.pid()) && !accepts(node.port()));
	}

	/**
	 * A node's output, from its log file in the state directory.
	 * @param node the node
	 * @return what it logged so far
	 */
	String log(Node node) {
		try {
			return Files.readString(this.script.stateDirectory().resolve("node-" + node.number() + ".log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The status nginx answered to each stream request of a task, from its access log.
	 * nginx logs a request when it ends, so a stream that is still open is not listed
	 * yet; for a request it retried on another node, only the final status is.
	 * @param taskId the task
	 * @return the statuses, in the order the requests ended
	 */
	List<Integer> streamStatuses(String taskId) {
		return statuses("GET", "/sse/register?taskId=" + taskId);
	}

	/**
	 * The statuses nginx answered to the requests with a method and a path (with its
	 * query), from its access log, in the order the requests ended.
	 * @param method the method
	 * @param path the path
	 * @return the statuses
	 */
	List<Integer> statuses(String method, String path) {
		Pattern request = Pattern.compile("\"" + Pattern.quote(method + " " + path) + " HTTP/[^\"]*\" (\\d{3}) ");
		try {
			return Files.readAllLines(this.script.stateDirectory().resolve("nginx/logs/access.log"))
				.stream()
				.map(request::matcher)
				.filter(Matcher::find)
				.map((matcher) -> Integer.valueOf(matcher.group(1)))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.http.close();
			this.redisConnection.close();
			this.redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
		finally {
			this.script.run(STOP_TIMEOUT, "stop").requireSuccess("cluster.sh stop");
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
	}

	/**
	 * Whether a process runs: exists and is not a zombie (exited, not yet reaped by its
	 * parent, which the processes of cluster.sh no longer have).
	 * @param pid the process id
	 * @return whether it runs
	 */
	static boolean isRunning(long pid) {
		Path stat = Path.of("/proc", String.valueOf(pid), "stat");
		if (!Files.exists(stat)) {
			return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
		}
		try {
			String text = Files.readString(stat);
			return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static List<Node> readNodes(Path stateDirectory, int count, int firstPort) {
		List<Node> nodes = new ArrayList<>();
		for (int number = 1; number <= count; number++) {
			nodes.add(new Node(number, firstPort + number - 1,
					Integer.parseInt(read(stateDirectory, "node-" + number + ".management-port")),
					readPid(stateDirectory, "node-" + number)));
		}
		return List.copyOf(nodes);
	}

	private static long readPid(Path stateDirectory, String component) {
		return Long.parseLong(read(stateDirectory, component + ".pid"));
	}

	private static String read(Path stateDirectory, String file) {
		try {
			return Files.readString(stateDirectory.resolve(file)).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Consecutive free ports below the ephemeral range, so that outgoing connections do
	 * not take them meanwhile.
	 * @param count how many
	 * @return the ports
	 */
	static int[] freePorts(int count) {
		for (int attempt = 0; attempt < 100; attempt++) {
			int first = ThreadLocalRandom.current().nextInt(20_000, 32_000 - count);
			int[] ports = new int[count];
			boolean free = true;
			for (int i = 0; i < count && free; i++) {
				ports[i] = first + i;
				free = isFree(ports[i]);
			}
			if (free) {
				return ports;
			}
		}
		throw new IllegalStateException("No " + count + " consecutive free ports between 20000 and 32000");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A gateway node of the cluster.
	 *
	 * @param number its number, from 1
	 * @param port its public HTTP port (streams and the publish API)
	 * @param managementPort its management port (health and metrics)
	 * @param pid its process id
	 */
	public record Node(int number, int port, int managementPort, long pid) {

		String clientName() {
			return "ssegate-node-" + this.number;
		}

	}

}
