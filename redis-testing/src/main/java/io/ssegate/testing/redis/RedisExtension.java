package io.ssegate.testing.redis;

import java.time.Duration;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Redis per test class, flushed before each test. Register it as a static field:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final RedisExtension redis = new RedisExtension();
 * </pre>
 */
public final class RedisExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

	private @Nullable RedisServer server;

	private @Nullable RedisClient client;

	private @Nullable StatefulRedisConnection<String, String> connection;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.server = RedisServers.start();
		this.client = RedisClient.create(uri());
		this.connection = this.client.connect();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		commands().flushall();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.client != null) {
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	/**
	 * The server's URI.
	 * @return the URI
	 */
	public RedisURI uri() {
		return RedisURI.create(server().host(), server().port());
	}

	/**
	 * The server's URL, for {@code spring.data.redis.url}.
	 * @return a {@code redis://host:port} URL
	 */
	public String url() {
		return "redis://" + server().host() + ":" + server().port();
	}

	/**
	 * Commands on a connection owned by the extension, for arranging and inspecting
	 * state.
	 * @return the commands
	 */
	public RedisCommands<String, String> commands() {
		if (this.connection == null) {
			throw new IllegalStateException("Redis is not started; register the extension on a static field");
		}
		return this.connection.sync();
	}

	/**
	 * Kill every pub/sub connection of other clients, as a network blip would.
	 * @return how many connections were killed
	 */
	public long killPubSubClients() {
		return commands().clientKill(KillArgs.Builder.typePubsub().skipme(true));
	}

	/**
	 * Kill every normal (command) connection of other clients, as a network blip would.
	 * @return how many connections were killed
	 */
	public long killNormalClients() {
		return commands().clientKill(KillArgs.Builder.typeNormal().skipme(true));
	}

	private RedisServer server() {
		if (this.server == null) {
			throw new IllegalStateException("Redis is not started; register the extension on a static field");
		}
		return this.server;
	}

}
