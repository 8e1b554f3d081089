package io.ssegate.testing.redis;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Redis container started by Testcontainers.
 */
final class RedisContainerServer implements RedisServer {

	private static final DockerImageName IMAGE = DockerImageName.parse("redis:7.4-alpine");

	private static final int REDIS_PORT = 6379;

	private final GenericContainer<?> container;

	private RedisContainerServer(GenericContainer<?> container) {
		this.container = container;
	}

	static RedisContainerServer start() {
		GenericContainer<?> container = new GenericContainer<>(IMAGE).withExposedPorts(REDIS_PORT);
		container.start();
		return new RedisContainerServer(container);
	}

	@Override
	public String host() {
		return this.container.getHost();
	}

	@Override
	public int port() {
		return this.container.getMappedPort(REDIS_PORT);
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
