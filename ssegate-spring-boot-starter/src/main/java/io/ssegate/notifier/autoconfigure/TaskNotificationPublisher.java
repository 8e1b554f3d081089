package io.ssegate.notifier.autoconfigure;

import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.TaskNotification;

import org.springframework.context.event.EventListener;

/**
 * Publishes each {@link TaskNotification} application event with the {@link Notifier}, on
 * the thread that published the event, so that failures reach that thread.
 */
class TaskNotificationPublisher {

	private final Notifier notifier;

	TaskNotificationPublisher(Notifier notifier) {
		this.notifier = notifier;
	}

	@EventListener
	void publish(TaskNotification notification) {
		// void on purpose: a listener's return value would be published as a new event.
		this.notifier.publish(notification.taskId(), notification.event());
	}

}
