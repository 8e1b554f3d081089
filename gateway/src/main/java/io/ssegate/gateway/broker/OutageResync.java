package io.ssegate.gateway.broker;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.system.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's streams whole through a loss of its Redis connections. When the
 * pub/sub connection drops, the sink holds live events; once both connections are back,
 * every held channel is subscribed again and each task's history is re-read from where
 * its local subscribers are, so that events published meanwhile still arrive, in order
 * and once.
 * <p>
 * {@link #resync(List)} is the one way to bring tasks back in step with Redis: whatever
 * else can make a node miss live events of some tasks (a topology change, a lost
 * subscription) is to end here, for the tasks it affects.
 */
final class OutageResync implements RedisConnectionStateListener {

	private static final Logger logger = LoggerFactory.getLogger(OutageResync.class);

	private final StatefulRedisPubSubConnection<String, String> pubSub;

	private final StatefulRedisConnection<String, String> reads;

	private final ChannelSubscriptions subscriptions;

	private final HistoryReader history;

	private final EventSink sink;

	private final Executor executor;

	private final GatewayMetrics metrics;

	private final AtomicBoolean connectionLost = new AtomicBoolean();

	private final AtomicBoolean resyncPending = new AtomicBoolean();

	private volatile boolean shuttingDown;

	OutageResync(StatefulRedisPubSubConnection<String, String> pubSub, StatefulRedisConnection<String, String> reads,
			ChannelSubscriptions subscriptions, HistoryReader history, EventSink sink, Executor executor,
			GatewayMetrics metrics) {
		this.pubSub = pubSub;
		this.reads = reads;
		this.subscriptions = subscriptions;
		this.history = history;
		this.sink = sink;
		this.executor = executor;
		this.metrics = metrics;
	}

	/**
	 * Whether live delivery works now.
	 * @return {@code true} unless the pub/sub connection is lost
	 */
	boolean isConnected() {
		return !this.connectionLost.get() && this.pubSub.isOpen();
	}

	/**
	 * The node is stopping: its connections are about to close on purpose.
	 */
	void shuttingDown() {
		this.shuttingDown = true;
	}

	@Override
	public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
		if (connection == this.pubSub && !this.shuttingDown && this.connectionLost.compareAndSet(false, true)) {
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
			this.executor.execute(this::resyncHeldTasks);
		}
	}

	private void resyncHeldTasks() {
		List<String> tasks = this.subscriptions.heldTasks();
		resync(tasks);
		logger.info("Redis pub/sub connection is back; re-synced {} tasks", tasks.size());
	}

	/**
	 * Subscribe again to the tasks' channels, then re-read each task's history from where
	 * its subscribers are. A task that cannot be re-synced has its streams closed, so
	 * that their clients resume elsewhere. Waits on Redis: call it on a thread that may
	 * wait.
	 * @param taskIds the tasks
	 */
	void resync(List<String> taskIds) {
		try {
			this.subscriptions.subscribeAgain(taskIds).join();
		}
		catch (RuntimeException ex) {
			logger.warn("Redis is back but re-subscribing failed; closing streams so that clients resume", ex);
			taskIds.forEach(this.sink::abandon);
			return;
		}
		taskIds.forEach(this::resync);
	}

	private void resync(String taskId) {
		try {
			Replay replay = this.history.replay(taskId, this.sink.resumePoint(taskId)).join();
			this.sink.resume(taskId, replay);
		}
		catch (RuntimeException ex) {
			logger.warn("Re-reading task {} failed; closing its streams so that clients resume", taskId, ex);
			this.sink.abandon(taskId);
		}
	}

}
