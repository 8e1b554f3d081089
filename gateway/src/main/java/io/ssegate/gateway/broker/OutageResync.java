package io.ssegate.gateway.broker;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's streams whole through a loss of its connections to a standalone or
 * Sentinel Redis. When the pub/sub connection drops, the sink holds live events of every
 * task; once both connections are back, every held task is re-synced
 * ({@link TaskResync}), so that events published meanwhile still arrive, in order and
 * once.
 */
final class OutageResync implements RedisConnectionStateListener, ConnectionWatch {

	private static final Logger logger = LoggerFactory.getLogger(OutageResync.class);

	private final StatefulConnection<?, ?> pubSub;

	private final StatefulConnection<?, ?> reads;

	private final ChannelSubscriptions subscriptions;

	private final TaskResync resync;

	private final EventSink sink;

	private final Executor executor;

	private final BrokerMeters metrics;

	private final AtomicBoolean connectionLost = new AtomicBoolean();

	private final AtomicBoolean resyncPending = new AtomicBoolean();

	private volatile boolean shuttingDown;

	OutageResync(StatefulConnection<?, ?> pubSub, StatefulConnection<?, ?> reads, ChannelSubscriptions subscriptions,
			TaskResync resync, EventSink sink, Executor executor, BrokerMeters metrics) {
		this.pubSub = pubSub;
		this.reads = reads;
		this.subscriptions = subscriptions;
		this.resync = resync;
		this.sink = sink;
		this.executor = executor;
		this.metrics = metrics;
	}

	@Override
	public boolean isConnected() {
		return !this.connectionLost.get() && this.pubSub.isOpen();
	}

	@Override
	public void shuttingDown() {
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
		this.resync.resync(tasks);
		logger.info("Redis pub/sub connection is back; re-synced {} tasks", tasks.size());
	}

}
