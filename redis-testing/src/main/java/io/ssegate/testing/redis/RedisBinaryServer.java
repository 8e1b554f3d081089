package io.ssegate.testing.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * A {@code redis-server} process on a free loopback port, without persistence. It can be
 * stopped and started again on the same port, as an outage would.
 */
public final class RedisBinaryServer implements RedisServer {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private final Path binary;

	private final int port;

	private final Path log;

	// Set by start(), which start(Path) calls before it returns the server.
	@SuppressWarnings("NullAway.Init")
	private Process process;

	private RedisBinaryServer(Path binary, int port, Path log) {
		this.binary = binary;
		this.port = port;
		this.log = log;
	}

	static Optional<Path> findBinary() {
		String path = System.getenv().getOrDefault("PATH", "");
		return Stream
			.concat(Arrays.stream(path.split(File.pathSeparator)).map(Path::of),
					Stream.of(Path.of("/usr/bin"), Path.of("/usr/local/bin")))
			.map((directory) -> directory.resolve("redis-server"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	static RedisBinaryServer start(Path binary) {
		try {
			int port = freePort();
			RedisBinaryServer server = new RedisBinaryServer(binary, port,
					Files.createTempFile("redis-test-" + port + "-", ".log"));
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start the server (again) on its port, empty, and wait until it answers.
	 */
	public void start() {
		try {
			this.process = new ProcessBuilder(List.of(this.binary.toString(), "--port", String.valueOf(this.port),
					"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
			awaitPing();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stop the server, keeping its port for {@link #start()}.
	 */
	public void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private void awaitPing() throws IOException {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		RedisClient client = RedisClient.create(RedisURI.create(host(), this.port));
		try {
			while (true) {
				try (StatefulRedisConnection<String, String> connection = client.connect()) {
					connection.sync().ping();
					return;
				}
				catch (RuntimeException ex) {
					if (!this.process.isAlive() || System.nanoTime() > deadline) {
						close();
						throw new IllegalStateException("redis-server did not start: " + Files.readString(this.log),
								ex);
					}
					Thread.onSpinWait();
				}
			}
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Override
	public String host() {
		return "127.0.0.1";
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		stop();
		try {
			Files.deleteIfExists(this.log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
