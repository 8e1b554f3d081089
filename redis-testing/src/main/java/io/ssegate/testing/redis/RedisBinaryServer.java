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
 * A {@code redis-server} process on a free loopback port, without persistence.
 */
final class RedisBinaryServer implements RedisServer {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private final Process process;

	private final int port;

	private final Path log;

	private RedisBinaryServer(Process process, int port, Path log) {
		this.process = process;
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
			Path log = Files.createTempFile("redis-test-" + port + "-", ".log");
			Process process = new ProcessBuilder(List.of(binary.toString(), "--port", String.valueOf(port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			RedisBinaryServer server = new RedisBinaryServer(process, port, log);
			server.awaitPing();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
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
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
			Files.deleteIfExists(this.log);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
