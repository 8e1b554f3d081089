package io.ssegate.gateway.broker;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.ssegate.protocol.TaskKeys;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's streams whole on a Redis Cluster, where the sharded subscriptions of a
 * slot end whenever the slot fails over or moves, and Lettuce does not subscribe again
 * (or does so with one command for channels of many slots, which fails). The node owns
 * its subscriptions instead. A task is re-synced ({@link TaskResync}) when:
 * <ul>
 * <li>Redis unsubscribes its channel on its own (failover, slot moved);</li>
 * <li>the pub/sub connection to the node that owns its slot comes back;</li>
 * <li>a periodic check finds its channel subscribed on another node than the one that
 * owns its slot now, or not at all (a primary that died without a word). While a pub/sub
 * connection is down, the check runs every {@value #CLOSE_WATCH_INTERVAL_MILLIS} ms
 * instead of every second, so that the node follows a failover about as soon as the
 * publishers do.</li>
 * </ul>
 * The affected tasks' live events are held at once; after a short pause that gathers the
 * tasks of one change, the topology is refreshed and each task subscribed again on the
 * current owner of its slot, then re-read from its history.
 */
final class ShardResync extends RedisClusterPubSubAdapter<String, String>
		implements RedisConnectionStateListener, ConnectionWatch {

	private static final Logger logger = LoggerFactory.getLogger(ShardResync.class);

	/** How long the tasks of one change are gathered before they are re-synced. */
	static final Duration GATHER = Duration.ofMillis(50);

	/** How often the topology is checked after a pub/sub connection dropped. */
	static final long CLOSE_WATCH_INTERVAL_MILLIS = 200;

	/**
	 * How long the topology is checked that often after a pub/sub connection dropped:
	 * longer than a failover takes with Redis' usual node timeouts.
	 */
	static final Duration CLOSE_WATCH_PERIOD = Duration.ofSeconds(30);

	private final RedisClusterClient client;

	private final LiveChannels channels;

	private final ChannelSubscriptions subscriptions;

	private final TaskKeys keys;

	private final TaskResync resync;

	private final EventSink sink;

	private final Executor executor;

	private final BrokerMeters metrics;

	/** The node each held channel was last subscribed on, by channel. */
	private final Map<String, String> subscribedOn = new ConcurrentHashMap<>();

	/** Tasks whose live events are held until their re-sync. */
	private final Set<String> pending = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final AtomicBoolean checking = new AtomicBoolean();

	/** The pub/sub connections seen connected: a later connect of one is a reconnect. */
	private final Set<RedisChannelHandler<?, ?>> connected = Collections
		.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	/** Until when ({@link System#nanoTime()}) the topology is checked closely. */
	private final AtomicLong closeWatchUntil = new AtomicLong(System.nanoTime());

	private volatile boolean shuttingDown;

	ShardResync(RedisClusterClient client, LiveChannels channels, ChannelSubscriptions subscriptions, TaskKeys keys,
			TaskResync resync, EventSink sink, Executor executor, BrokerMeters metrics) {
		this.client = client;
		this.channels = channels;
		this.subscriptions = subscriptions;
		this.keys = keys;
		this.resync = resync;
		this.sink = sink;
		this.executor = executor;
		this.metrics = metrics;
	}

	@Override
	public boolean isConnected() {
		return this.channels.isOpen();
	}

	@Override
	public void shuttingDown() {
		this.shuttingDown = true;
	}

	/**
	 * Redis unsubscribed the channel of a held task on its own.
	 * @param taskId the task
	 */
	void taskLost(String taskId) {
		this.metrics.topologyChanged();
		schedule(List.of(taskId));
	}

	@Override
	public void ssubscribed(RedisClusterNode node, String channel, long count) {
		this.subscribedOn.put(channel, node.getNodeId());
	}

	@Override
	public void sunsubscribed(RedisClusterNode node, String channel, long count) {
		this.subscribedOn.remove(channel, node.getNodeId());
	}

	/**
	 * A connection of the cluster client is back. When it is a pub/sub connection that
	 * was connected before, the tasks whose slots its node owns are re-synced: Lettuce's
	 * own re-subscribe is not relied on. (The first connect of a node's pub/sub
	 * connection, for a first subscription there, is no reconnect.) Runs on the
	 * connection's I/O thread before it reads anything, so the tasks' live events are
	 * held before any arrives.
	 */
	@Override
	public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
		if (this.shuttingDown || !(connection instanceof StatefulRedisPubSubConnection<?, ?>)
				|| !(socketAddress instanceof InetSocketAddress address) || this.connected.add(connection)) {
			return;
		}
		List<String> tasks = this.subscriptions.heldTasks().stream().filter((taskId) -> {
			RedisClusterNode owner = owner(taskId);
			return owner != null && owner.getUri().getPort() == address.getPort()
					&& sameHost(owner.getUri().getHost(), address);
		}).toList();
		if (!tasks.isEmpty()) {
			this.metrics.topologyChanged();
			schedule(tasks);
		}
	}

	/**
	 * A connection of the cluster client dropped. When it is a pub/sub connection, its
	 * node may have died and its replica be about to take over: the topology is checked
	 * closely for a while.
	 */
	@Override
	public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
		if (this.shuttingDown || !(connection instanceof StatefulRedisPubSubConnection<?, ?>)) {
			return;
		}
		long now = System.nanoTime();
		if (this.closeWatchUntil.getAndSet(now + CLOSE_WATCH_PERIOD.toNanos()) - now <= 0) {
			watchClosely();
		}
	}

	private void watchClosely() {
		if (this.shuttingDown || this.closeWatchUntil.get() - System.nanoTime() <= 0) {
			return;
		}
		check();
		CompletableFuture.delayedExecutor(CLOSE_WATCH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS, this.executor)
			.execute(this::watchClosely);
	}

	private static boolean sameHost(String host, InetSocketAddress address) {
		return host.equals(address.getHostString())
				|| (address.getAddress() != null && host.equals(address.getAddress().getHostAddress()));
	}

	/**
	 * Compare, for every held task, the node its channel is subscribed on with the node
	 * that owns its slot in a freshly read topology; re-sync the tasks where they differ.
	 * Cheap: one topology read, no command per task. Skipped while the previous check
	 * runs.
	 */
	void check() {
		if (this.shuttingDown || !this.checking.compareAndSet(false, true)) {
			return;
		}
		this.client.refreshPartitionsAsync().toCompletableFuture().whenComplete((ignored, failure) -> {
			try {
				if (failure == null) {
					resyncMismatched();
				}
			}
			finally {
				this.checking.set(false);
			}
		});
	}

	private void resyncMismatched() {
		List<String> mismatched = new ArrayList<>();
		for (String taskId : this.subscriptions.heldTasks()) {
			if (this.pending.contains(taskId) || !this.subscriptions.isSubscribed(taskId)) {
				continue;
			}
			RedisClusterNode owner = owner(taskId);
			String node = this.subscribedOn.get(this.keys.channel(taskId));
			if (owner != null && !owner.getNodeId().equals(node)) {
				mismatched.add(taskId);
			}
		}
		if (!mismatched.isEmpty()) {
			logger.info("{} tasks are not subscribed on the node that owns their slot; re-syncing them",
					mismatched.size());
			this.metrics.subscriptionsMismatched(mismatched.size());
			schedule(mismatched);
		}
	}

	private @Nullable RedisClusterNode owner(String taskId) {
		return this.client.getPartitions().getPartitionBySlot(SlotHash.getSlot(this.keys.channel(taskId)));
	}

	/**
	 * Hold the tasks' live events now, and re-sync them after a short pause that gathers
	 * the other tasks of the same change.
	 */
	private void schedule(List<String> taskIds) {
		if (this.shuttingDown) {
			return;
		}
		for (String taskId : taskIds) {
			if (this.pending.add(taskId)) {
				this.sink.suspend(taskId);
			}
		}
		if (this.scheduled.compareAndSet(false, true)) {
			CompletableFuture.delayedExecutor(GATHER.toMillis(), TimeUnit.MILLISECONDS, this.executor)
				.execute(this::resyncPending);
		}
	}

	private void resyncPending() {
		this.scheduled.set(false);
		List<String> batch = new ArrayList<>(this.pending);
		this.pending.removeAll(batch);
		if (batch.isEmpty()) {
			return;
		}
		try {
			this.client.refreshPartitions();
		}
		catch (RuntimeException ex) {
			logger.warn("Reading the cluster topology failed; subscribing on the last known owners", ex);
		}
		this.resync.resync(batch);
		logger.info("Re-subscribed {} tasks after a change of the Redis Cluster", batch.size());
	}

}
