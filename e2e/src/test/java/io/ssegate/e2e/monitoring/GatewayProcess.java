package io.ssegate.e2e.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ssegate.e2e.Repository;

import static org.awaitility.Awaitility.await;

/**
 * One gateway node: the built jar, started as {@code deploy/local/cluster.sh} starts its
 * nodes ({@code java @gateway/jvm.options -jar gateway.jar}), with its actuator on a
 * management port of its own. Owns the process: {@link #close()} stops it.
 */
public final class GatewayProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

	private final Process process;

	private final Path log;

	private final int port;

	private final int managementPort;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private GatewayProcess(Process process, Path log, int port, int managementPort) {
		this.process = process;
		this.log = log;
		this.port = port;
		this.managementPort = managementPort;
	}

	/**
	 * Start a node on free ports and wait until it is ready.
	 * @param log where its output goes
	 * @param args gateway arguments besides the ports, such as the Redis URL
	 * @return the ready node
	 */
	public static GatewayProcess start(Path log, String... args) {
		int port = freePort();
		int managementPort = freePort();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						"@" + Repository.file("gateway/jvm.options"), "-Xmx256m", "-jar",
						Repository.gatewayJar().toString(), "--server.address=127.0.0.1", "--server.port=" + port,
						"--management.server.address=127.0.0.1", "--management.server.port=" + managementPort));
		command.addAll(List.of(args));
		try {
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			GatewayProcess node = new GatewayProcess(process, log, port, managementPort);
			try {
				node.awaitReady();
			}
			catch (RuntimeException | AssertionError ex) {
				node.close();
				throw ex;
			}
			return node;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The public port: streams, the publish API.
	 * @return its base URI
	 */
	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * The management port: health and metrics.
	 * @return its base URI
	 */
	public URI managementUri(String path) {
		return URI.create("http://127.0.0.1:" + this.managementPort + path);
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * What the node logged so far, for failure messages.
	 * @return the log
	 */
	public String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	private void awaitReady() {
		URI readiness = managementUri("/actuator/health/readiness");
		await("gateway node ready on " + readiness).atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(
							"The gateway node exited (" + this.process.exitValue() + "):\n" + log());
				}
				return status(readiness) == 200;
			});
	}

	private int status(URI uri) throws InterruptedException {
		try {
			return this.http
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	@Override
	public void close() {
		this.http.close();
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
