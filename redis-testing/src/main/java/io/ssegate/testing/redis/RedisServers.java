package io.ssegate.testing.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.testcontainers.DockerClientFactory;

/**
 * Starts a real Redis for tests. The system property {@value #MODE_PROPERTY} chooses how:
 * {@code docker} (Testcontainers), {@code binary} (a {@code redis-server} on the PATH) or
 * {@code auto} (the default: Docker when an engine answers, otherwise the binary).
 */
public final class RedisServers {

	/** System property that chooses how Redis is started. */
	public static final String MODE_PROPERTY = "ssegate.test.redis";

	private RedisServers() {
	}

	/**
	 * Start a Redis server.
	 * @return the running server; close it when done
	 * @throws IllegalStateException if neither Docker nor a {@code redis-server} binary
	 * is available, with a message telling how to get one
	 */
	public static RedisServer start() {
		String mode = System.getProperty(MODE_PROPERTY, "auto").toLowerCase(Locale.ROOT);
		Optional<Path> binary = RedisBinaryServer.findBinary();
		if (mode.equals("docker") || (mode.equals("auto") && dockerAvailable())) {
			return RedisContainerServer.start();
		}
		return binary.map(RedisBinaryServer::start).orElseThrow(() -> new IllegalStateException("""
				No Redis for the integration tests: no Docker engine answers and no redis-server \
				binary is on the PATH. Install one (Debian/Ubuntu: apt-get install -y redis-server; \
				macOS: brew install redis) or start Docker."""));
	}

	/**
	 * Whether any Docker endpoint is configured at all, so that machines without Docker
	 * skip Testcontainers' slow and noisy probe.
	 */
	private static boolean dockerConfigured() {
		Path home = Path.of(System.getProperty("user.home"));
		return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
				|| Files.exists(home.resolve(".docker/run/docker.sock"))
				|| Files.exists(home.resolve(".testcontainers.properties"));
	}

	/**
	 * Start a {@code redis-server} binary, whatever the mode: for tests that stop and
	 * restart Redis on the same port.
	 * @return the running server; close it when done
	 * @throws IllegalStateException if there is no {@code redis-server} on the PATH
	 */
	public static RedisBinaryServer startBinary() {
		return RedisBinaryServer.findBinary()
			.map(RedisBinaryServer::start)
			.orElseThrow(() -> new IllegalStateException(
					"This test restarts Redis and needs a redis-server binary on the PATH (apt-get install -y redis-server)"));
	}

	private static boolean dockerAvailable() {
		if (!dockerConfigured()) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

}
