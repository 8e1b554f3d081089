package io.ssegate.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One gateway node: the built jar ({@code gateway/target/gateway.jar}), started as
 * {@code deploy/local/cluster.sh} starts its nodes ({@code java @gateway/jvm.options -jar
 * gateway.jar}) on the JDK that runs the tests, on free loopback ports, with its actuator
 * on a management port of its own. Owns the process: {@link #close()} ends it.
 */
public final class GatewayNode implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private final ServerProcess process;

	private final int port;

	private final int managementPort;

	private GatewayNode(ServerProcess process, int port, int managementPort) {
		this.process = process;
		this.port = port;
		this.managementPort = managementPort;
	}

	/**
	 * Start a node and wait until its readiness probe says it is ready.
	 * @param log where its output goes
	 * @param args gateway arguments besides the ports, such as the Redis URL or
	 * {@code --ssegate.security.anonymous=true}
	 * @return the ready node; close it
	 */
	public static GatewayNode start(Path log, String... args) {
		int port = ServerProcess.freePort();
		int managementPort = ServerProcess.freePort();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						"@" + Repository.file("gateway/jvm.options"), "-Xmx256m", "-jar",
						Repository.gatewayJar().toString(), "--server.address=127.0.0.1", "--server.port=" + port,
						"--management.server.address=127.0.0.1", "--management.server.port=" + managementPort));
		command.addAll(List.of(args));
		URI readiness = URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
		ServerProcess process = ServerProcess.start(command, log.toAbsolutePath().getParent(), Map.of(), log, readiness,
				START_TIMEOUT);
		return new GatewayNode(process, port, managementPort);
	}

	/**
	 * Its public base URL (streams and the publish API), without a trailing slash.
	 * @return the URL
	 */
	public URI url() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/**
	 * A URL on its public port.
	 * @param path the path, from {@code /}
	 * @return the URL
	 */
	public URI uri(String path) {
		return URI.create(url() + path);
	}

	/**
	 * A URL on its management port (health and metrics).
	 * @param path the path, from {@code /}
	 * @return the URL
	 */
	public URI managementUri(String path) {
		return URI.create("http://127.0.0.1:" + this.managementPort + path);
	}

	/**
	 * Its process id.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * What it logged so far, for failure messages.
	 * @return the log
	 */
	public String log() {
		return this.process.log();
	}

	@Override
	public void close() {
		this.process.close();
	}

}
