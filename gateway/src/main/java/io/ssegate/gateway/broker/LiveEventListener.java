package io.ssegate.gateway.broker;

import java.util.function.Consumer;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.event.TaskEventFactory;
import io.ssegate.protocol.ChannelMessage;
import io.ssegate.protocol.Envelope;
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

	private final BrokerMeters metrics;

	/**
	 * Create a listener.
	 * @param subscriptions the channels this node holds
	 * @param sink where events go
	 * @param eventFactory renders events
	 * @param lostTask told the task of a held channel that Redis unsubscribed on its own
	 * (a Redis Cluster does so for every sharded channel of a slot that moved or failed
	 * over)
	 * @param metrics counts envelopes whose trace context is malformed
	 */
	LiveEventListener(ChannelSubscriptions subscriptions, EventSink sink, TaskEventFactory eventFactory,
			Consumer<String> lostTask, BrokerMeters metrics) {
		this.subscriptions = subscriptions;
		this.sink = sink;
		this.eventFactory = eventFactory;
		this.lostTask = lostTask;
		this.metrics = metrics;
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
			Envelope envelope = this.eventFactory.decode(parsed.envelopeJson());
			if (envelope.hasMalformedTraceparent()) {
				// Delivered untraced; counted once per node, here (replays read it
				// again).
				this.metrics.malformedTraceparent();
			}
			TaskEvent event = this.eventFactory.create(parsed.id(), envelope);
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
