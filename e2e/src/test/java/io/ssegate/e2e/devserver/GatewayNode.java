package io.ssegate.e2e.devserver;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ssegate.e2e.Repository;

/**
 * One anonymous gateway node on the embedded broker ({@code gateway/target/gateway.jar},
 * on the JDK that runs the tests), on free ports. Owns the process: {@link #close()} ends
 * it.
 */
final class GatewayNode implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

	private final ServerProcess process;

	private final URI url;

	private GatewayNode(ServerProcess process, URI url) {
		this.process = process;
		this.url = url;
	}

	/**
	 * Start the node and wait until it is ready.
	 * @param log where its output goes
	 * @return the running node; close it
	 */
	static GatewayNode start(Path log) {
		int port = ServerProcess.freePort();
		int managementPort = ServerProcess.freePort();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = List.of(java, "-jar", Repository.gatewayJar().toString(), "--server.port=" + port,
				"--management.server.port=" + managementPort, "--ssegate.security.anonymous=true");
		URI readiness = URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
		ServerProcess process = ServerProcess.start(command, log.getParent(), Map.of(), log, readiness, START_TIMEOUT);
		return new GatewayNode(process, URI.create("http://127.0.0.1:" + port));
	}

	/**
	 * Its public base URL (streams and the publish API), without a trailing slash.
	 * @return the URL
	 */
	URI url() {
		return this.url;
	}

	@Override
	public void close() {
		this.process.close();
	}

}
