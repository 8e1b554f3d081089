package com.example.export;

import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.notifier.TaskNotification;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Publishes both ways a Spring application can: through the {@link Notifier} bean, and as
 * an application event.
 */
@Service
public class ExportService {

	private final Notifier notifier;

	private final ApplicationEventPublisher events;

	public ExportService(Notifier notifier, ApplicationEventPublisher events) {
		this.notifier = notifier;
		this.events = events;
	}

	public void export(String taskId) {
		this.notifier.progress(taskId, new ExportProgress(50));
		this.events.publishEvent(new TaskNotification(taskId, NotifyEvent.completed(new ExportProgress(100))));
	}

}
