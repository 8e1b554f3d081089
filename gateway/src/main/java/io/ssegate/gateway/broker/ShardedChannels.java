package io.ssegate.gateway.broker;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;

/**
 * Sharded pub/sub ({@code SSUBSCRIBE}) on a Redis Cluster. Lettuce sends each command to
 * the node that owns the slot of its first channel, so channels are subscribed one slot
 * at a time: one command for channels of several slots would fail with {@code CROSSSLOT}.
 */
final class ShardedChannels implements LiveChannels {

	private final StatefulRedisClusterPubSubConnection<String, String> connection;

	ShardedChannels(StatefulRedisClusterPubSubConnection<String, String> connection) {
		this.connection = connection;
	}

	@Override
	public CompletableFuture<Void> subscribe(List<String> channels) {
		Map<Integer, List<String>> bySlot = channels.stream().collect(Collectors.groupingBy(SlotHash::getSlot));
		return CompletableFuture
			.allOf(bySlot.values().stream().map(this::subscribeOneSlot).toArray(CompletableFuture[]::new));
	}

	private CompletableFuture<Void> subscribeOneSlot(Collection<String> channels) {
		return this.connection.async().ssubscribe(channels.toArray(String[]::new)).toCompletableFuture();
	}

	@Override
	public void unsubscribe(String channel) {
		this.connection.async().sunsubscribe(channel);
	}

	@Override
	public StatefulRedisClusterPubSubConnection<String, String> connection() {
		return this.connection;
	}

}
