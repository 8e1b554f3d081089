package io.ssegate.testing.redis;

/**
 * A running Redis server owned by a test.
 */
public interface RedisServer extends AutoCloseable {

	/**
	 * The host to connect to.
	 * @return the host
	 */
	String host();

	/**
	 * The port to connect to.
	 * @return the port
	 */
	int port();

	/**
	 * Stop the server.
	 */
	@Override
	void close();

}
