package io.ssegate.notifier;

import java.util.Objects;

import io.ssegate.protocol.TaskKeys;

/**
 * An event of a task to publish through Spring's {@code ApplicationEventPublisher}
 * instead of calling a {@link Notifier} directly:
 *
 * <pre class="code">
 * publisher.publishEvent(new TaskNotification("42", NotifyEvent.progress(50)));
 * </pre>
 *
 * <p>
 * The Spring Boot auto-configuration of {@code ssegate-spring-boot-starter} listens for
 * it and calls {@link Notifier#publish(String, NotifyEvent)} on the publishing thread, so
 * a {@link NotifierException} propagates out of {@code publishEvent} (unless the
 * application made its event multicaster asynchronous). Call the {@link Notifier} itself
 * when you need the event id. This type has no Spring dependency.
 *
 * @param taskId the task id: 1 to 128 letters, digits, {@code . _ : -}
 * @param event the event
 */
public record TaskNotification(String taskId, NotifyEvent event) {

	/**
	 * Create a notification.
	 * @throws IllegalArgumentException if the task id is invalid
	 */
	public TaskNotification {
		TaskKeys.requireValidTaskId(taskId);
		Objects.requireNonNull(event, "event");
	}

}
