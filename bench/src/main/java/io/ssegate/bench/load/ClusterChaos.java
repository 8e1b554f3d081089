package io.ssegate.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processes of a cluster that {@code deploy/local/cluster.sh start} started (one
 * redis-server, gateway nodes, nginx), and what the chaos soak does to them: SIGKILL,
 * SIGTERM, SIGSTOP/SIGCONT, and restarts of a node or of Redis with the command line it
 * was started with. A restarted process writes its pid where the script reads it, so that
 * {@code cluster.sh stop} stops it too; its output goes on at the end of its log.
 */
final class ClusterChaos {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

	private final Path directory;

	private final int nodes;

	private final int loadBalancerPort;

	private final int redisPort;

	private final int firstNodePort;

	private final int firstManagementPort;

	private final Map<String, List<String>> commandLines = new HashMap<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/**
	 * Read a running cluster's state directory.
	 * @param directory the directory ({@code SSEGATE_CLUSTER_DIR})
	 * @throws IllegalStateException if it holds no running single-Redis cluster
	 */
	ClusterChaos(Path directory) {
		this.directory = directory;
		Map<String, String> env = readEnv(directory.resolve("cluster.env"));
		if ("yes".equals(env.get("REDIS_CLUSTER"))) {
			throw new IllegalStateException("The chaos soak needs a cluster on one redis-server");
		}
		this.nodes = Integer.parseInt(env.get("NODES"));
		this.loadBalancerPort = Integer.parseInt(env.get("LB_PORT"));
		this.redisPort = Integer.parseInt(env.get("REDIS_PORT"));
		this.firstNodePort = Integer.parseInt(env.get("FIRST_NODE_PORT"));
		this.firstManagementPort = Integer.parseInt(env.get("FIRST_MANAGEMENT_PORT"));
		this.commandLines.put("redis", commandLine(pid("redis")));
		for (int node = 1; node <= this.nodes; node++) {
			this.commandLines.put(nodeName(node), commandLine(pid(nodeName(node))));
		}
	}

	int nodes() {
		return this.nodes;
	}

	String loadBalancer() {
		return "http://127.0.0.1:" + this.loadBalancerPort;
	}

	String redisUri() {
		return "redis://127.0.0.1:" + this.redisPort;
	}

	int nodePort(int node) {
		return this.firstNodePort + node - 1;
	}

	int managementPort(int node) {
		return this.firstManagementPort + node - 1;
	}

	/**
	 * The process id of a component, from its pid file.
	 * @param name {@code redis}, {@code nginx} or {@code node-<n>}
	 * @return the pid
	 */
	long pid(String name) {
		try {
			return Long.parseLong(Files.readString(this.directory.resolve(name + ".pid")).strip());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	long nodePid(int node) {
		return pid(nodeName(node));
	}

	/**
	 * SIGKILL a node, as a crash would, and wait until it is gone.
	 * @param node the node's number, from 1
	 */
	void kill(int node) {
		long pid = nodePid(node);
		ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
		awaitGone(pid, nodePort(node));
	}

	/**
	 * SIGTERM a node, as an orchestrator does, and wait until it has drained and exited.
	 * @param node the node's number, from 1
	 */
	void terminate(int node) {
		long pid = nodePid(node);
		ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
		awaitGone(pid, nodePort(node));
	}

	/**
	 * Start a node again, with the command line it was first started with, and wait until
	 * it answers.
	 * @param node the node's number, from 1
	 */
	void restart(int node) {
		String name = nodeName(node);
		start(name);
		String url = "http://127.0.0.1:" + nodePort(node) + "/";
		await(name + " answering", START_TIMEOUT, () -> status(url) == 200);
	}

	/**
	 * SIGSTOP a node, wait, then SIGCONT it.
	 * @param node the node's number, from 1
	 * @param pause how long it stays stopped
	 */
	void pause(int node, Duration pause) {
		long pid = nodePid(node);
		signal("STOP", pid);
		try {
			Step.sleep(pause.toMillis());
		}
		finally {
			signal("CONT", pid);
		}
	}

	/**
	 * Restart Redis. With persistence, {@code SHUTDOWN SAVE} writes its data to disk
	 * first and the new process loads it; without, {@code SHUTDOWN NOSAVE} and the files
	 * of an earlier save are deleted, so that it starts empty.
	 * @param persistent whether its data survives
	 * @param whileDown run while Redis is down (after it exited, before it starts again)
	 */
	void restartRedis(boolean persistent, Runnable whileDown) {
		long pid = pid("redis");
		redisCommand(persistent ? "SHUTDOWN SAVE" : "SHUTDOWN NOSAVE");
		awaitGone(pid, this.redisPort);
		if (!persistent) {
			deleteRedisFiles();
		}
		whileDown.run();
		start("redis");
		await("redis answering", START_TIMEOUT, () -> "+PONG".equals(redisCommand("PING")));
	}

	/**
	 * The number of keys in Redis.
	 * @return the count
	 */
	long redisKeys() {
		String reply = redisCommand("DBSIZE");
		return reply.startsWith(":") ? Long.parseLong(reply.substring(1)) : -1;
	}

	/**
	 * A node's open streams, from its {@code ssegate_streams_active} gauge.
	 * @param node the node's number, from 1
	 * @return the count, or -1 if it could not be read
	 */
	long activeStreams(int node) {
		return gauge(node, "ssegate_streams_active");
	}

	/**
	 * The tasks a node is subscribed to, from its {@code ssegate_tasks_subscribed} gauge.
	 * @param node the node's number, from 1
	 * @return the count, or -1 if it could not be read
	 */
	long subscribedTasks(int node) {
		return gauge(node, "ssegate_tasks_subscribed");
	}

	private long gauge(int node, String name) {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + managementPort(node) + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(response.body());
			return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : -1;
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private void start(String name) {
		List<String> command = this.commandLines.get(name);
		Path log = this.directory.resolve(name + ".log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(Redirect.appendTo(log.toFile()))
				.redirectInput(Redirect.from(Path.of("/dev/null").toFile()))
				.start();
			Files.writeString(this.directory.resolve(name + ".pid"), process.pid() + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void deleteRedisFiles() {
		Path data = this.directory.resolve("redis");
		try {
			Files.deleteIfExists(data.resolve("dump.rdb"));
			Path aof = data.resolve("appendonlydir");
			if (Files.isDirectory(aof)) {
				try (var files = Files.list(aof)) {
					for (Path file : files.toList()) {
						Files.delete(file);
					}
				}
				Files.delete(aof);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Send one inline command to Redis and read the first line of its reply.
	 * @return the line, or the empty string if the connection closed first (as after
	 * {@code SHUTDOWN}) or failed
	 */
	private String redisCommand(String command) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.redisPort), 2000);
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			int next;
			while ((next = in.read()) >= 0 && next != '\n') {
				if (next != '\r') {
					line.append((char) next);
				}
			}
			return line.toString();
		}
		catch (IOException ex) {
			return "";
		}
	}

	private void awaitGone(long pid, int port) {
		await("pid " + pid + " gone", STOP_TIMEOUT, () -> !isRunning(pid) && !accepts(port));
	}

	private static void await(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
			}
			Step.sleep(50);
		}
	}

	private int status(String url) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static void signal(String signal, long pid) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * Whether a process runs: exists and is not a zombie.
	 */
	private static boolean isRunning(long pid) {
		Path stat = Path.of("/proc", String.valueOf(pid), "stat");
		try {
			String text = Files.readString(stat);
			return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
		}
		catch (IOException ex) {
			return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
					&& !Files.isDirectory(stat.getParent());
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
	 * A process's command line, arguments kept apart (empty ones too).
	 */
	private static List<String> commandLine(long pid) {
		try {
			String raw = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"), StandardCharsets.UTF_8);
			if (raw.endsWith("\0")) {
				raw = raw.substring(0, raw.length() - 1);
			}
			return new ArrayList<>(Arrays.asList(raw.split("\0", -1)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the command line of pid " + pid, ex);
		}
	}

	private static Map<String, String> readEnv(Path file) {
		Map<String, String> env = new HashMap<>();
		try {
			for (String line : Files.readAllLines(file)) {
				int equals = line.indexOf('=');
				if (equals > 0) {
					env.put(line.substring(0, equals), line.substring(equals + 1));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No cluster state in " + file.getParent(), ex);
		}
		return env;
	}

	private static String nodeName(int node) {
		return "node-" + node;
	}

}
