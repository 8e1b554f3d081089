package io.ssegate.gateway.broker;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.ssegate.gateway.event.TaskEventFactory;
import io.ssegate.protocol.ChannelMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the messages of subscribed task channels to the sink. Runs on Lettuce's I/O
 * thread, one message at a time, so events of a task stay in order; never throws.
 */
final class LiveEventListener extends RedisPubSubAdapter<String, String> {

	private static final Logger logger = LoggerFactory.getLogger(LiveEventListener.class);

	private final ChannelSubscriptions subscriptions;

	private final EventSink sink;

	private final TaskEventFactory events;

	LiveEventListener(ChannelSubscriptions subscriptions, EventSink sink, TaskEventFactory events) {
		this.subscriptions = subscriptions;
		this.sink = sink;
		this.events = events;
	}

	@Override
	public void message(String channel, String message) {
		if (this.subscriptions.taskOf(channel) == null) {
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

}
