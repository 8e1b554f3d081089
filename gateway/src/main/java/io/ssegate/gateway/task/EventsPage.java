package io.ssegate.gateway.task;

import java.util.List;

import io.ssegate.gateway.broker.HistoryPage;
import io.ssegate.gateway.broker.StoredEvent;
import io.ssegate.protocol.Envelope;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Answer of {@code GET /api/tasks/{taskId}/events}.
 *
 * @param taskId the task
 * @param events the events after the requested id, oldest first
 * @param gap whether an event after the requested id is no longer kept
 * @param ended whether the task has ended: once the last event here is its final one,
 * there is nothing more to poll
 */
record EventsPage(String taskId, List<Event> events, boolean gap, boolean ended) {

	static EventsPage of(String taskId, HistoryPage page) {
		return new EventsPage(taskId, page.events().stream().map(Event::of).toList(), page.gap(), page.ended());
	}

	/**
	 * One event.
	 *
	 * @param id the event id: the {@code after} of the next poll
	 * @param event the event name, or {@code null} for the default event
	 * @param data the event's data, as published
	 * @param status the task's status, or {@code null}
	 * @param publishedAt when it was published, epoch milliseconds
	 */
	record Event(String id, @Nullable String event, JsonNode data, @Nullable String status, long publishedAt) {

		static Event of(StoredEvent stored) {
			Envelope envelope = stored.envelope();
			return new Event(stored.id().toString(), envelope.event(), envelope.data(), envelope.status(),
					envelope.publishedAt());
		}

	}

}
