package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubListener;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.TaskEventFactory;
import io.ssegate.gateway.system.GatewayMetrics;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierException;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.notifier.PayloadTooLargeException;
import io.ssegate.notifier.RedisUnavailableException;
import io.ssegate.notifier.TaskEndedException;
import io.ssegate.protocol.ChannelKind;
import io.ssegate.protocol.EventId;
import io.ssegate.protocol.HistoryCommands;
import io.ssegate.protocol.TaskKeys;
import org.jspecify.annotations.Nullable;

/**
 * The multi-node broker. Histories and fan-out between nodes live in Redis (see
 * {@code docs/protocol.md}); publishing goes through the {@link Notifier}. The node holds
 * one pub/sub connection, on which it subscribes to a task's channel only while it holds
 * subscribers of that task ({@link ChannelSubscriptions}, {@link LiveEventListener}), and
 * one connection for reading histories ({@link HistoryReader}). On a standalone or
 * Sentinel Redis, channels are classic and {@link OutageResync} keeps streams whole when
 * the connections drop; on a Redis Cluster, channels are sharded and {@link ShardResync}
 * keeps them whole through failovers, slot moves and node reconnects.
 */
final class RedisBroker implements EventBroker, AutoCloseable {

	private final Notifier notifier;

	private final LiveChannels channels;

	private final StatefulConnection<String, String> reads;

	private final ChannelSubscriptions subscriptions;

	private final HistoryReader history;

	private final ConnectionWatch watch;

	private final Runnable periodicCheck;

	private final Runnable detach;

	private RedisBroker(Notifier notifier, LiveChannels channels, StatefulConnection<String, String> reads,
			ChannelSubscriptions subscriptions, HistoryReader history, ConnectionWatch watch, Runnable periodicCheck,
			Runnable detach) {
		this.notifier = notifier;
		this.channels = channels;
		this.reads = reads;
		this.subscriptions = subscriptions;
		this.history = history;
		this.watch = watch;
		this.periodicCheck = periodicCheck;
		this.detach = detach;
	}

	/**
	 * A broker on a standalone or Sentinel-managed Redis: classic pub/sub.
	 * @param client the client, owned by the caller
	 * @param notifier publishes events
	 * @param settings what every Redis broker needs
	 * @return the broker; close it
	 */
	static RedisBroker standalone(RedisClient client, Notifier notifier, Settings settings) {
		StatefulRedisConnection<String, String> reads = client.connect(StringCodec.UTF8);
		StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub(StringCodec.UTF8);
		LiveChannels channels = new ClassicChannels(pubSub);
		ChannelSubscriptions subscriptions = settings.subscriptions(channels);
		HistoryReader history = settings.history(reads.async(), ChannelKind.CLASSIC);
		OutageResync watch = new OutageResync(pubSub, reads, subscriptions, settings.resync(subscriptions, history),
				settings.sink(), settings.executor(), settings.metrics());
		pubSub.addListener(settings.listener(subscriptions, (taskId) -> {
		}));
		pubSub.addListener(watch);
		reads.addListener(watch);
		Runnable nothing = () -> {
		};
		return new RedisBroker(notifier, channels, reads, subscriptions, history, watch, nothing, nothing);
	}

	/**
	 * A broker on a Redis Cluster: sharded pub/sub, subscriptions owned by the node.
	 * @param client the cluster client, owned by the caller
	 * @param notifier publishes events
	 * @param settings what every Redis broker needs
	 * @return the broker; close it
	 */
	static RedisBroker cluster(RedisClusterClient client, Notifier notifier, Settings settings) {
		StatefulRedisClusterConnection<String, String> reads = client.connect(StringCodec.UTF8);
		StatefulRedisClusterPubSubConnection<String, String> pubSub = client.connectPubSub(StringCodec.UTF8);
		LiveChannels channels = new ShardedChannels(pubSub);
		ChannelSubscriptions subscriptions = settings.subscriptions(channels);
		HistoryReader history = settings.history(reads.async(), ChannelKind.SHARDED);
		ShardResync watch = new ShardResync(client, channels, subscriptions, settings.keys(),
				settings.resync(subscriptions, history), settings.sink(), settings.executor(), settings.metrics());
		pubSub.addListener(settings.listener(subscriptions, watch::taskLost));
		pubSub.addListener((RedisClusterPubSubListener<String, String>) watch);
		client.addListener(watch);
		return new RedisBroker(notifier, channels, reads, subscriptions, history, watch, watch::check,
				() -> client.removeListener(watch));
	}

	@Override
	public CompletableFuture<Void> acquire(String taskId) {
		return this.subscriptions.acquire(taskId).exceptionally((failure) -> {
			throw new BrokerUnavailableException("Subscribing to task " + taskId + " failed", failure);
		});
	}

	@Override
	public void release(String taskId) {
		this.subscriptions.release(taskId);
	}

	@Override
	public CompletableFuture<Replay> replay(String taskId, @Nullable EventId after) {
		return this.history.replay(taskId, after);
	}

	@Override
	public CompletableFuture<String> publish(String taskId, NotifyEvent event) {
		try {
			return this.notifier.publishAsync(taskId, event).toCompletableFuture().exceptionally((failure) -> {
				throw translate(failure);
			});
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(translate(ex));
		}
	}

	/**
	 * The broker's exception for a notifier's failure.
	 */
	private static RuntimeException translate(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return switch (cause) {
			case PayloadTooLargeException ex -> new EventTooLargeException(ex.getMessage());
			case TaskEndedException ex -> new EndedTaskException(ex.getMessage());
			case RedisUnavailableException ex -> new BrokerUnavailableException(ex.getMessage(), ex);
			case NotifierException ex -> new BrokerException(ex.getMessage(), ex);
			case RuntimeException ex -> ex;
			default -> new BrokerException("Publishing failed", cause);
		};
	}

	@Override
	public boolean isAvailable() {
		return this.watch.isConnected();
	}

	/**
	 * Check that the node's subscriptions are where the tasks' channels live (on a Redis
	 * Cluster; nothing to check otherwise).
	 */
	void checkSubscriptions() {
		this.periodicCheck.run();
	}

	/**
	 * The node is stopping: losing the connections from now on is expected.
	 */
	void shuttingDown() {
		this.watch.shuttingDown();
	}

	@Override
	public void close() {
		shuttingDown();
		this.detach.run();
		// Spring Data Redis may have shut the shared client down first.
		this.channels.close();
		if (this.reads.isOpen()) {
			this.reads.close();
		}
	}

	/**
	 * What every Redis broker needs besides its client.
	 *
	 * @param keys the key and channel names
	 * @param sink where events go
	 * @param events renders events
	 * @param executor runs re-syncs, which wait on Redis
	 * @param timeout how long to wait for Redis when subscribing and reading
	 * @param metrics the meters
	 */
	record Settings(TaskKeys keys, EventSink sink, TaskEventFactory events, Executor executor, Duration timeout,
			GatewayMetrics metrics) {

		ChannelSubscriptions subscriptions(LiveChannels channels) {
			return new ChannelSubscriptions(channels, this.keys, this.timeout);
		}

		HistoryReader history(RedisScriptingAsyncCommands<String, String> commands, ChannelKind kind) {
			return new HistoryReader(commands, new HistoryCommands(this.keys, kind), this.events, this.timeout);
		}

		TaskResync resync(ChannelSubscriptions subscriptions, HistoryReader history) {
			return new TaskResync(subscriptions, history, this.sink, this.metrics);
		}

		LiveEventListener listener(ChannelSubscriptions subscriptions, Consumer<String> lostTask) {
			return new LiveEventListener(subscriptions, this.sink, this.events, lostTask);
		}

	}

}
