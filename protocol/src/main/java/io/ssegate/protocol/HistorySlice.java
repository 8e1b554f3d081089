package io.ssegate.protocol;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A slice of a task's history: what the replay script ({@code replay.lua}) read after an
 * id, before the gateway decodes it into the events it replays to a stream.
 *
 * @param gap whether an event after the requested id is no longer retained
 * @param finalId the id of the task's final event when the task has ended, else
 * {@code null}
 * @param entries the retained events after the requested id, oldest first
 */
public record HistorySlice(boolean gap, @Nullable EventId finalId, List<HistoryEntry> entries) {

	/**
	 * Create a slice.
	 */
	public HistorySlice {
		entries = List.copyOf(entries);
	}

	/**
	 * Read the raw result of the replay script ({@code {gap, finalId, entries}}).
	 * @param result the script's result, as Lettuce returns a multi-bulk reply
	 * @return the slice
	 * @throws IllegalArgumentException if the result does not have the script's shape
	 */
	public static HistorySlice fromScriptResult(List<?> result) {
		if (result.size() != 3 || !(result.get(2) instanceof List<?> rawEntries)) {
			throw new IllegalArgumentException("Unexpected replay script result");
		}
		boolean gap = Long.valueOf(1).equals(result.get(0));
		String finalId = String.valueOf(result.get(1));
		List<HistoryEntry> entries = new ArrayList<>(rawEntries.size());
		for (Object rawEntry : rawEntries) {
			entries.add(entry(rawEntry));
		}
		return new HistorySlice(gap, finalId.isEmpty() ? null : EventId.parse(finalId), entries);
	}

	private static HistoryEntry entry(Object rawEntry) {
		if (!(rawEntry instanceof List<?> idAndFields) || idAndFields.size() != 2
				|| !(idAndFields.get(1) instanceof List<?> fields)) {
			throw new IllegalArgumentException("Unexpected history entry in replay script result");
		}
		EventId id = EventId.parse(String.valueOf(idAndFields.get(0)));
		for (int i = 0; i + 1 < fields.size(); i += 2) {
			if (HistoryEntry.ENVELOPE_FIELD.equals(fields.get(i))) {
				return new HistoryEntry(id, String.valueOf(fields.get(i + 1)));
			}
		}
		throw new IllegalArgumentException("History entry " + id + " has no envelope");
	}

}
