package io.ssegate.notifier;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Records the messages published on one pub/sub channel, as a gateway node would receive
 * them.
 */
final class ChannelRecorder implements AutoCloseable {

	private final RedisClient client;

	private final List<String> messages = new CopyOnWriteArrayList<>();

	private ChannelRecorder(RedisClient client) {
		this.client = client;
	}

	static ChannelRecorder subscribe(RedisURI uri, String channel) {
		ChannelRecorder recorder = new ChannelRecorder(RedisClient.create(uri));
		StatefulRedisPubSubConnection<String, String> connection = recorder.client.connectPubSub();
		connection.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(String from, String message) {
				recorder.messages.add(message);
			}

		});
		connection.sync().subscribe(channel);
		return recorder;
	}

	List<String> messages() {
		return List.copyOf(this.messages);
	}

	@Override
	public void close() {
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

}
