package io.ssegate.bench.load;

import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifyEvent;

/**
 * Publishes through notifier-client, straight to Redis: what a Java service does.
 */
final class NotifierPublisher implements EventPublisher {

	private final Notifier notifier;

	NotifierPublisher(String redisUri) {
		this.notifier = Notifier.create(redisUri);
	}

	@Override
	public void publish(int task, String taskId, String payload, Completion done) {
		try {
			this.notifier.publishAsync(taskId, NotifyEvent.named("e", payload))
				.whenComplete((id, failure) -> done.completed(failure == null));
		}
		catch (RuntimeException ex) {
			done.completed(false);
		}
	}

	@Override
	public void close() {
		this.notifier.close();
	}

}
