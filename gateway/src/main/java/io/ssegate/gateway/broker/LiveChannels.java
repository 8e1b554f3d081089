package io.ssegate.gateway.broker;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.api.StatefulConnection;

/**
 * The pub/sub connection on which a node receives the live events of task channels:
 * classic pub/sub on a standalone or Sentinel Redis, sharded pub/sub on a Redis Cluster.
 */
interface LiveChannels extends AutoCloseable {

	/**
	 * The connection.
	 * @return the connection
	 */
	StatefulConnection<String, String> connection();

	/**
	 * Subscribe to channels.
	 * @param channels the channels
	 * @return completes once every channel is subscribed
	 */
	CompletableFuture<Void> subscribe(List<String> channels);

	/**
	 * Unsubscribe from a channel, without waiting.
	 * @param channel the channel
	 */
	void unsubscribe(String channel);

	/**
	 * Whether the connection is open.
	 * @return {@code true} when open
	 */
	default boolean isOpen() {
		return connection().isOpen();
	}

	/**
	 * Close the connection, if it is still open.
	 */
	@Override
	default void close() {
		if (connection().isOpen()) {
			connection().close();
		}
	}

}
