package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.lettuce.core.api.StatefulConnection;
import io.ssegate.gateway.event.Replay;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierException;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.notifier.RedisUnavailableException;
import io.ssegate.protocol.EventId;
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

	private final FollowerCounts followers;

	private final RedisTaskStates states;

	/**
	 * Create a broker of parts wired by {@link BrokerConfiguration} for the kind of
	 * Redis.
	 * @param notifier publishes events
	 * @param channels the pub/sub channels, classic or sharded
	 * @param reads the connection that reads histories
	 * @param subscriptions the task channels this node subscribes to
	 * @param history reads histories
	 * @param watch tells whether the connections are up, and re-syncs when they come back
	 * @param periodicCheck checks where the channels are subscribed (Redis Cluster)
	 * @param detach stops listening to the client's events
	 * @param followers counts the streams that follow each task
	 * @param states reads and ends tasks for the task API
	 */
	RedisBroker(Notifier notifier, LiveChannels channels, StatefulConnection<String, String> reads,
			ChannelSubscriptions subscriptions, HistoryReader history, ConnectionWatch watch, Runnable periodicCheck,
			Runnable detach, FollowerCounts followers, RedisTaskStates states) {
		this.notifier = notifier;
		this.channels = channels;
		this.reads = reads;
		this.subscriptions = subscriptions;
		this.history = history;
		this.watch = watch;
		this.periodicCheck = periodicCheck;
		this.detach = detach;
		this.followers = followers;
		this.states = states;
	}

	@Override
	public CompletableFuture<Void> acquire(String taskId) {
		this.followers.opened(taskId);
		return this.subscriptions.acquire(taskId).exceptionally((failure) -> {
			throw new BrokerUnavailableException("Subscribing to task " + taskId + " failed", failure);
		});
	}

	@Override
	public void release(String taskId) {
		this.followers.closed(taskId);
		this.subscriptions.release(taskId);
	}

	@Override
	public CompletableFuture<Optional<TaskState>> state(String taskId) {
		return this.states.state(taskId);
	}

	@Override
	public CompletableFuture<HistoryPage> page(String taskId, @Nullable EventId after, int limit) {
		return this.states.page(taskId, after, limit);
	}

	@Override
	public CompletableFuture<Void> forgetAfter(String taskId, Duration retention) {
		return this.states.forgetAfter(taskId, retention);
	}

	@Override
	public CompletableFuture<Replay> replay(String taskId, @Nullable EventId after) {
		return this.history.replay(taskId, after);
	}

	@Override
	public CompletableFuture<Published> publish(Publication publication) {
		try {
			NotifyEvent event = new NotifyEvent(publication.name(), publication.data(), publication.status(),
					publication.idempotencyKey(), publication.trace());
			return this.notifier.publishWithReceiptAsync(publication.taskId(), event)
				.toCompletableFuture()
				.thenApply((receipt) -> new Published(receipt.id(), receipt.receivers()))
				.exceptionally((failure) -> {
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
			case io.ssegate.notifier.EventTooLargeException ex ->
				new EventTooLargeException(Objects.requireNonNull(ex.getMessage()));
			case io.ssegate.notifier.TaskEndedException ex ->
				new TaskEndedException(Objects.requireNonNull(ex.getMessage()));
			case RedisUnavailableException ex ->
				new BrokerUnavailableException(Objects.requireNonNull(ex.getMessage()), ex);
			case NotifierException ex -> new BrokerException(Objects.requireNonNull(ex.getMessage()), ex);
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

}
