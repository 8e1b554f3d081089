package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.ssegate.protocol.TaskKeys;
import org.jspecify.annotations.Nullable;

/**
 * The task channels this node is subscribed to, counted by how many local subscribers
 * hold each: the first holder subscribes, the last release unsubscribes. Every
 * subscribing fails after the broker's timeout.
 */
final class ChannelSubscriptions {

	private final LiveChannels channels;

	private final TaskKeys keys;

	private final Duration timeout;

	/** Subscribed channels by name. */
	private final Map<String, ChannelSubscription> byChannel = new ConcurrentHashMap<>();

	ChannelSubscriptions(LiveChannels channels, TaskKeys keys, Duration timeout) {
		this.channels = channels;
		this.keys = keys;
		this.timeout = timeout;
	}

	/**
	 * One more holder of a task's channel.
	 * @param taskId the task
	 * @return completes once the channel is subscribed
	 */
	CompletableFuture<Void> acquire(String taskId) {
		String channel = this.keys.channel(taskId);
		ChannelSubscription subscription = this.byChannel.compute(channel, (name, existing) -> (existing == null)
				? new ChannelSubscription(taskId, 1, subscribe(name)) : existing.plusOne(() -> subscribe(name)));
		// A copy: the subscription's own future is shared by every holder.
		return withTimeout(subscription.ready().copy());
	}

	/**
	 * One holder fewer; the last one unsubscribes.
	 * @param taskId the task
	 */
	void release(String taskId) {
		this.byChannel.computeIfPresent(this.keys.channel(taskId), (name, existing) -> {
			if (existing.count() > 1) {
				return existing.minusOne();
			}
			this.channels.unsubscribe(name);
			return null;
		});
	}

	/**
	 * The task of a subscribed channel.
	 * @param channel the channel
	 * @return the task, or {@code null} when this node does not hold the channel
	 */
	@Nullable String taskOf(String channel) {
		ChannelSubscription subscription = this.byChannel.get(channel);
		return (subscription != null) ? subscription.taskId() : null;
	}

	/**
	 * Whether a task's channel is held and its subscribing succeeded.
	 * @param taskId the task
	 * @return {@code true} when subscribed
	 */
	boolean isSubscribed(String taskId) {
		ChannelSubscription subscription = this.byChannel.get(this.keys.channel(taskId));
		return subscription != null && subscription.ready().isDone()
				&& !subscription.ready().isCompletedExceptionally();
	}

	/**
	 * The tasks whose channels are held now.
	 * @return their ids
	 */
	List<String> heldTasks() {
		return this.byChannel.values().stream().map(ChannelSubscription::taskId).toList();
	}

	/**
	 * Subscribe again to the channels of some tasks (after the pub/sub connection came
	 * back, or a shard moved).
	 * @param taskIds the tasks
	 * @return completes once subscribed
	 */
	CompletableFuture<Void> subscribeAgain(List<String> taskIds) {
		if (taskIds.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		List<String> names = taskIds.stream().map(this.keys::channel).toList();
		return withTimeout(this.channels.subscribe(names)).thenRun(() -> names.forEach(this::unsubscribeUnlessHeld));
	}

	/**
	 * A task whose last stream closed while it was subscribed again must not stay
	 * subscribed. Under the map's lock for the channel, so that an acquire racing with
	 * this either comes first (and keeps the channel) or subscribes after.
	 */
	private void unsubscribeUnlessHeld(String channel) {
		this.byChannel.compute(channel, (name, existing) -> {
			if (existing == null) {
				this.channels.unsubscribe(name);
			}
			return existing;
		});
	}

	private CompletableFuture<Void> withTimeout(CompletableFuture<Void> subscribing) {
		return subscribing.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private CompletableFuture<Void> subscribe(String channel) {
		return this.channels.subscribe(List.of(channel));
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
