package io.ssegate.gateway.broker;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.event.TaskEventFactory;
import io.ssegate.gateway.system.GatewayMetrics;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.notifier.protocol.ChannelMessage;
import io.ssegate.notifier.protocol.EventId;
import io.ssegate.notifier.protocol.HistoryEntry;
import io.ssegate.notifier.protocol.HistoryReplay;
import io.ssegate.notifier.protocol.LuaScript;
import io.ssegate.notifier.protocol.TaskKeys;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multi-node broker. Histories and fan-out between nodes live in Redis (see
 * {@code docs/protocol.md}); publishing goes through the {@link Notifier}. The node holds
 * one pub/sub connection and subscribes to a task's channel only while it holds
 * subscribers of that task. Messages are handled on Lettuce's I/O thread, one at a time,
 * so events of a task stay in order; the handler only hands frames to per-connection
 * queues.
 */
final class RedisBroker extends RedisPubSubAdapter<String, String>
		implements EventBroker, RedisConnectionStateListener, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisBroker.class);

	private static final String MAX_REPLAY = "100000";

	private final Notifier notifier;

	private final TaskKeys keys;

	private final EventSink sink;

	private final TaskEventFactory events;

	private final Executor resyncExecutor;

	private final Duration timeout;

	private final GatewayMetrics metrics;

	private final StatefulRedisPubSubConnection<String, String> pubSub;

	private final StatefulRedisConnection<String, String> reads;

	/** Subscribed channels by name. */
	private final Map<String, ChannelSubscription> subscriptions = new ConcurrentHashMap<>();

	private final AtomicBoolean connectionLost = new AtomicBoolean();

	private final AtomicBoolean resyncPending = new AtomicBoolean();

	RedisBroker(RedisClient client, Notifier notifier, EventSink sink, TaskEventFactory events, Executor resyncExecutor,
			Duration timeout, GatewayMetrics metrics) {
		this.metrics = metrics;
		this.notifier = notifier;
		this.keys = notifier.options().keys();
		this.sink = sink;
		this.events = events;
		this.resyncExecutor = resyncExecutor;
		this.timeout = timeout;
		this.reads = client.connect(StringCodec.UTF8);
		this.pubSub = client.connectPubSub(StringCodec.UTF8);
		this.pubSub.addListener((RedisPubSubAdapter<String, String>) this);
		this.pubSub.addListener((RedisConnectionStateListener) this);
		this.reads.addListener(this);
	}

	@Override
	public CompletableFuture<Void> acquire(String taskId) {
		String channel = this.keys.channel(taskId);
		ChannelSubscription subscription = this.subscriptions.compute(channel, (name, existing) -> (existing == null)
				? new ChannelSubscription(taskId, 1, subscribe(name)) : existing.plusOne(() -> subscribe(name)));
		return subscription.ready();
	}

	private CompletableFuture<Void> subscribe(String channel) {
		return this.pubSub.async().subscribe(channel).toCompletableFuture();
	}

	@Override
	public void release(String taskId) {
		this.subscriptions.computeIfPresent(this.keys.channel(taskId), (name, existing) -> {
			if (existing.count() > 1) {
				return existing.minusOne();
			}
			this.pubSub.async().unsubscribe(name);
			return null;
		});
	}

	@Override
	public CompletableFuture<Replay> replay(String taskId, @Nullable EventId after) {
		String[] scriptKeys = { this.keys.history(taskId) };
		CompletableFuture<List<Object>> result = LuaScript.REPLAY.run(this.reads.async(), ScriptOutputType.MULTI,
				scriptKeys, (after != null) ? after.toString() : "", MAX_REPLAY);
		return result.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS).thenApply(this::toReplay);
	}

	private Replay toReplay(List<Object> scriptResult) {
		HistoryReplay history = HistoryReplay.fromScriptResult(scriptResult);
		List<TaskEvent> replayed = new ArrayList<>(history.entries().size());
		for (HistoryEntry entry : history.entries()) {
			try {
				replayed.add(this.events.create(entry.id(), entry.envelopeJson()));
			}
			catch (IllegalArgumentException ex) {
				logger.warn("Skipping history entry {}: {}", entry.id(), ex.getMessage());
			}
		}
		return new Replay(history.gap(), history.finalId(), replayed);
	}

	@Override
	public CompletableFuture<String> publish(String taskId, NotifyEvent event) {
		try {
			return this.notifier.publishAsync(taskId, event).toCompletableFuture();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public boolean isAvailable() {
		return !this.connectionLost.get() && this.pubSub.isOpen();
	}

	@Override
	public void message(String channel, String message) {
		ChannelSubscription subscription = this.subscriptions.get(channel);
		if (subscription == null) {
			return;
		}
		try {
			ChannelMessage parsed = ChannelMessage.parse(message);
			this.sink.deliver(this.events.create(parsed.id(), parsed.envelopeJson()));
		}
		catch (RuntimeException ex) {
			logger.warn("Dropping malformed message on channel {}: {}", channel, ex.getMessage());
		}
	}

	@Override
	public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
		if (connection == this.pubSub && this.connectionLost.compareAndSet(false, true)) {
			logger.info("Redis pub/sub connection lost; holding live events until it is back");
			this.resyncPending.set(true);
			this.sink.suspend();
		}
	}

	/**
	 * Called when either connection is back; the re-sync needs both (it reads the history
	 * on the command connection, which rejects commands while it is down).
	 */
	@Override
	public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
		if (this.pubSub.isOpen() && this.reads.isOpen() && this.resyncPending.compareAndSet(true, false)) {
			this.connectionLost.set(false);
			this.metrics.redisReconnected();
			this.resyncExecutor.execute(this::resync);
		}
	}

	/**
	 * Subscribe again to every held channel, then re-read each task's history from where
	 * its subscribers are, so that events published while the connection was down still
	 * arrive.
	 */
	private void resync() {
		List<String> channels = List.copyOf(this.subscriptions.keySet());
		try {
			if (!channels.isEmpty()) {
				this.pubSub.async()
					.subscribe(channels.toArray(String[]::new))
					.toCompletableFuture()
					.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (Exception ex) {
			logger.warn("Redis is back but re-subscribing failed; closing streams so that clients resume", ex);
			channels.forEach((channel) -> abandon(this.subscriptions.get(channel)));
			return;
		}
		for (String channel : channels) {
			ChannelSubscription subscription = this.subscriptions.get(channel);
			if (subscription != null) {
				resync(subscription.taskId());
			}
		}
		logger.info("Redis pub/sub connection is back; re-synced {} tasks", channels.size());
	}

	private void resync(String taskId) {
		try {
			Replay replay = replay(taskId, this.sink.resumePoint(taskId)).get(this.timeout.toMillis(),
					TimeUnit.MILLISECONDS);
			this.sink.resume(taskId, replay);
		}
		catch (Exception ex) {
			logger.warn("Re-reading task {} failed; closing its streams so that clients resume", taskId, ex);
			this.sink.abandon(taskId);
		}
	}

	private void abandon(@Nullable ChannelSubscription subscription) {
		if (subscription != null) {
			this.sink.abandon(subscription.taskId());
		}
	}

	/**
	 * Number of channels this node is subscribed to.
	 * @return the count
	 */
	int subscribedChannels() {
		return this.subscriptions.size();
	}

	@Override
	public void close() {
		// Spring Data Redis may have shut the shared client down first.
		if (this.pubSub.isOpen()) {
			this.pubSub.close();
		}
		if (this.reads.isOpen()) {
			this.reads.close();
		}
	}

	/**
	 * A subscribed channel: its task, how many local subscribers hold it, and the pending
	 * or completed {@code SUBSCRIBE}.
	 */
	private record ChannelSubscription(String taskId, int count, CompletableFuture<Void> ready) {

		/**
		 * One more holder; a failed {@code SUBSCRIBE} (Redis was away) is issued again.
		 */
		ChannelSubscription plusOne(Supplier<CompletableFuture<Void>> subscribe) {
			CompletableFuture<Void> next = this.ready.isCompletedExceptionally() ? subscribe.get() : this.ready;
			return new ChannelSubscription(this.taskId, this.count + 1, next);
		}

		ChannelSubscription minusOne() {
			return new ChannelSubscription(this.taskId, this.count - 1, this.ready);
		}

	}

}
