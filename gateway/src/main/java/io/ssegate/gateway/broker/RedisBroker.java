package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
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
import io.ssegate.protocol.EventId;
import io.ssegate.protocol.HistoryCommands;
import io.ssegate.protocol.TaskKeys;
import org.jspecify.annotations.Nullable;

/**
 * The multi-node broker. Histories and fan-out between nodes live in Redis (see
 * {@code docs/protocol.md}); publishing goes through the {@link Notifier}. The node holds
 * one pub/sub connection, on which it subscribes to a task's channel only while it holds
 * subscribers of that task ({@link ChannelSubscriptions}, {@link LiveEventListener}), and
 * one connection for reading histories ({@link HistoryReader}); {@link OutageResync}
 * keeps streams whole when the connections drop.
 */
final class RedisBroker implements EventBroker, AutoCloseable {

	private final Notifier notifier;

	private final StatefulRedisPubSubConnection<String, String> pubSub;

	private final StatefulRedisConnection<String, String> reads;

	private final ChannelSubscriptions subscriptions;

	private final HistoryReader history;

	private final OutageResync resync;

	RedisBroker(RedisClient client, Notifier notifier, TaskKeys keys, EventSink sink, TaskEventFactory events,
			Executor resyncExecutor, Duration timeout, GatewayMetrics metrics) {
		this.notifier = notifier;
		this.reads = client.connect(StringCodec.UTF8);
		this.pubSub = client.connectPubSub(StringCodec.UTF8);
		this.subscriptions = new ChannelSubscriptions(this.pubSub, keys, timeout);
		this.history = new HistoryReader(this.reads, new HistoryCommands(keys), events, timeout);
		this.resync = new OutageResync(this.pubSub, this.reads, this.subscriptions, this.history, sink, resyncExecutor,
				metrics);
		this.pubSub.addListener(new LiveEventListener(this.subscriptions, sink, events));
		this.pubSub.addListener(this.resync);
		this.reads.addListener(this.resync);
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
		return this.resync.isConnected();
	}

	/**
	 * The node is stopping: losing the connections from now on is expected.
	 */
	void shuttingDown() {
		this.resync.shuttingDown();
	}

	@Override
	public void close() {
		shuttingDown();
		// Spring Data Redis may have shut the shared client down first.
		if (this.pubSub.isOpen()) {
			this.pubSub.close();
		}
		if (this.reads.isOpen()) {
			this.reads.close();
		}
	}

}
