package io.ssegate.gateway.broker;

import java.util.List;

/**
 * Part of a task's history, for readers that poll rather than stream.
 *
 * @param events the retained events after the requested id, oldest first, at most the
 * requested number
 * @param gap whether an event after the requested id is no longer retained
 * @param ended whether the task has ended (its final event is the last of the history)
 */
public record HistoryPage(List<StoredEvent> events, boolean gap, boolean ended) {

	/**
	 * Create a page.
	 */
	public HistoryPage {
		events = List.copyOf(events);
	}

}
