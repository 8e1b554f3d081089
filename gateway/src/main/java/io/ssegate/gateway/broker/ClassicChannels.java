package io.ssegate.gateway.broker;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Classic pub/sub ({@code SUBSCRIBE}) on one connection to a standalone or Sentinel
 * Redis: any number of channels in one command.
 */
final class ClassicChannels implements LiveChannels {

	private final StatefulRedisPubSubConnection<String, String> connection;

	ClassicChannels(StatefulRedisPubSubConnection<String, String> connection) {
		this.connection = connection;
	}

	@Override
	public CompletableFuture<Void> subscribe(List<String> channels) {
		return this.connection.async().subscribe(channels.toArray(String[]::new)).toCompletableFuture();
	}

	@Override
	public void unsubscribe(String channel) {
		this.connection.async().unsubscribe(channel);
	}

	@Override
	public StatefulRedisPubSubConnection<String, String> connection() {
		return this.connection;
	}

}
