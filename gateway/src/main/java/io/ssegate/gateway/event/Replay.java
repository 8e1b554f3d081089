package io.ssegate.gateway.event;

import java.util.List;

import io.ssegate.protocol.EventId;
import org.jspecify.annotations.Nullable;

/**
 * What a task's history holds after some event id.
 *
 * @param gap whether an event after that id is no longer retained
 * @param finalId the id of the task's final event if the task has ended, else
 * {@code null}
 * @param events the retained events after that id, oldest first
 */
public record Replay(boolean gap, @Nullable EventId finalId, List<TaskEvent> events) {

	/**
	 * Create a replay.
	 */
	public Replay {
		events = List.copyOf(events);
	}

	/**
	 * Whether the task has ended and the reader has already received its final event.
	 * @return {@code true} if there is nothing more to deliver, ever
	 */
	public boolean isAtEnd() {
		return this.finalId != null && this.events.isEmpty();
	}

}
