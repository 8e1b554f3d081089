package io.ssegate.gateway.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ssegate.protocol.EventId;
import io.ssegate.protocol.TaskKeys;
import org.jspecify.annotations.Nullable;

/**
 * The tasks one stream follows, in the order the client listed them, and where each one
 * resumes.
 *
 * @param tasks the tasks, at least one
 */
record StreamTasks(List<TaskStart> tasks) {

	/**
	 * Create the tasks of a stream.
	 */
	StreamTasks {
		tasks = List.copyOf(tasks);
	}

	/**
	 * Read the tasks of a stream request.
	 * @param taskIds the values of the request's task id parameters, or {@code null}
	 * @param lastEventId the client's last event id, or {@code null}: a task's own id
	 * (which resumes the first task listed) or the id of a stream of several tasks (which
	 * resumes each task it has an entry for)
	 * @param maxTasks the most tasks a stream may follow
	 * @return the tasks
	 * @throws InvalidStreamRequestException if the request is not one this node serves
	 */
	static StreamTasks of(String @Nullable [] taskIds, @Nullable String lastEventId, int maxTasks) {
		if (taskIds == null || taskIds.length == 0) {
			throw invalidTaskId();
		}
		if (taskIds.length > maxTasks) {
			throw new InvalidStreamRequestException("A stream follows at most " + maxTasks + " tasks");
		}
		Set<String> seen = new HashSet<>();
		for (String taskId : taskIds) {
			if (!TaskKeys.isValidTaskId(taskId)) {
				throw invalidTaskId();
			}
			if (!seen.add(taskId)) {
				throw new InvalidStreamRequestException("taskId " + taskId + " is listed twice");
			}
		}
		return new StreamTasks(starts(taskIds, lastEventId));
	}

	/**
	 * Whether the stream follows one task: its events go out as they are, with the task's
	 * own ids.
	 * @return {@code true} for a single task
	 */
	boolean isSingle() {
		return this.tasks.size() == 1;
	}

	/**
	 * Whether the client resumes: its {@code Last-Event-ID} gave a position in at least
	 * one task.
	 * @return {@code true} for a resume, {@code false} for a fresh open
	 */
	boolean isResume() {
		return this.tasks.stream().anyMatch((start) -> start.after() != null);
	}

	/**
	 * The task ids, in the order the client listed them.
	 * @return the ids
	 */
	List<String> taskIds() {
		return this.tasks.stream().map(TaskStart::taskId).toList();
	}

	private static List<TaskStart> starts(String[] taskIds, @Nullable String lastEventId) {
		String resumeFrom = (lastEventId != null) ? lastEventId : "";
		boolean given = !resumeFrom.isEmpty();
		boolean multiTask = given && MultiTaskEventId.isMultiTask(resumeFrom);
		Map<String, EventId> entries = multiTask ? parse(resumeFrom) : Map.of();
		// A task's own id resumes the first task listed: a page that adds tasks to a
		// stream of one lists its task first.
		EventId first = (given && !multiTask) ? parseTaskEventId(resumeFrom) : null;
		List<TaskStart> starts = new ArrayList<>(taskIds.length);
		if (taskIds.length == 1 && !multiTask) {
			// Ids of a stream of one task are the task's own: no hash (a digest per
			// open).
			starts.add(new TaskStart(taskIds[0], null, first));
			return starts;
		}
		Map<String, String> byTaskHash = new HashMap<>();
		for (String taskId : taskIds) {
			String taskHash = MultiTaskEventId.taskHash(taskId);
			String other = byTaskHash.put(taskHash, taskId);
			if (other != null) {
				throw new InvalidStreamRequestException(
						"Tasks " + other + " and " + taskId + " cannot share a stream; follow them on two");
			}
			EventId after = (first != null) ? (starts.isEmpty() ? first : null) : entries.get(taskHash);
			starts.add(new TaskStart(taskId, taskHash, after));
		}
		return starts;
	}

	private static Map<String, EventId> parse(String lastEventId) {
		try {
			return MultiTaskEventId.parse(lastEventId);
		}
		catch (IllegalArgumentException ex) {
			throw invalidLastEventId();
		}
	}

	private static EventId parseTaskEventId(String lastEventId) {
		try {
			return EventId.parse(lastEventId);
		}
		catch (IllegalArgumentException ex) {
			throw invalidLastEventId();
		}
	}

	private static InvalidStreamRequestException invalidTaskId() {
		return new InvalidStreamRequestException(
				"taskId must be 1 to " + TaskKeys.MAX_TASK_ID_LENGTH + " letters, digits, '.', '_', ':' or '-'");
	}

	private static InvalidStreamRequestException invalidLastEventId() {
		return new InvalidStreamRequestException("Last-Event-ID must be an event id of this gateway "
				+ "(<millis>-<sequence>, or " + MultiTaskEventId.PREFIX + "... on a stream of several tasks)");
	}

	/**
	 * One task of a stream.
	 *
	 * @param taskId the task
	 * @param taskHash the task's hash in the ids of a stream of several tasks;
	 * {@code null} on a stream of one task that does not resume from such an id
	 * @param after the last event of the task the client has, or {@code null} to read the
	 * task from the start of its history
	 */
	record TaskStart(String taskId, @Nullable String taskHash, @Nullable EventId after) {

		EventId resumeAfter() {
			return (this.after != null) ? this.after : EventId.ZERO;
		}

	}

}
