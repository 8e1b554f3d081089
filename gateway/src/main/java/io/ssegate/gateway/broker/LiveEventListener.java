package io.ssegate.gateway.broker;

import java.util.function.Consumer;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.event.TaskEventFactory;
import io.ssegate.protocol.ChannelMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the messages of subscribed task channels (classic or sharded) to the sink, and
 * reports channels that Redis unsubscribed on its own. Runs on Lettuce's I/O thread, one
 * message at a time, so events of a task stay in order; never throws.
 */
final class LiveEventListener extends RedisPubSubAdapter<String, String> {

	private static final Logger logger = LoggerFactory.getLogger(LiveEventListener.class);

	private final ChannelSubscriptions subscriptions;

	private final EventSink sink;

	private final TaskEventFactory eventFactory;

	private final Consumer<String> lostTask;

	/**
	 * Create a listener.
	 * @param subscriptions the channels this node holds
	 * @param sink where events go
	 * @param eventFactory renders events
	 * @param lostTask told the task of a held channel that Redis unsubscribed on its own
	 * (a Redis Cluster does so for every sharded channel of a slot that moved or failed
	 * over)
	 */
	LiveEventListener(ChannelSubscriptions subscriptions, EventSink sink, TaskEventFactory eventFactory,
			Consumer<String> lostTask) {
		this.subscriptions = subscriptions;
		this.sink = sink;
		this.eventFactory = eventFactory;
		this.lostTask = lostTask;
	}

	@Override
	public void smessage(String channel, String message) {
		message(channel, message);
	}

	/**
	 * A channel was unsubscribed: when this node still holds it, Redis did it on its own.
	 * (After the node's own last release, the channel is no longer held.)
	 */
	@Override
	public void sunsubscribed(String channel, long count) {
		String taskId = this.subscriptions.taskOf(channel);
		if (taskId != null) {
			try {
				this.lostTask.accept(taskId);
			}
			catch (RuntimeException ex) {
				logger.warn("Re-subscribing to channel {} failed", channel, ex);
			}
		}
	}

	@Override
	public void message(String channel, String message) {
		String taskId = this.subscriptions.taskOf(channel);
		if (taskId == null) {
			return;
		}
		try {
			ChannelMessage parsed = ChannelMessage.parse(message);
			TaskEvent event = this.eventFactory.create(parsed.id(), parsed.envelopeJson());
			if (!event.taskId().equals(taskId)) {
				// Delivered, it would reach the streams of the task it names.
				logger.warn("Dropping an event of another task on channel {}", channel);
				return;
			}
			this.sink.deliver(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Dropping malformed message on channel {}: {}", channel, ex.getMessage());
		}
	}

}
