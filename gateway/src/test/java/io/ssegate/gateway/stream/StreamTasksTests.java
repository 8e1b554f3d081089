package io.ssegate.gateway.stream;

import io.ssegate.gateway.stream.StreamTasks.TaskStart;
import io.ssegate.protocol.EventId;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

class StreamTasksTests {

	private static final EventId A_ID = new EventId(1764170000000L, 0);

	private static final EventId B_ID = new EventId(1764170000500L, 3);

	@Test
	void oneTaskWithoutAnIdReadsItsHistory() {
		StreamTasks tasks = StreamTasks.of(new String[] { "a" }, null, 32);
		assertThat(tasks.isSingle()).isTrue();
		// Its ids are the task's own: no hash to compute.
		assertThat(tasks.tasks()).containsExactly(new TaskStart("a", null, null));
	}

	@Test
	void oneTaskResumedFromAnIdOfSeveralTasksHasItsHash() {
		String id = MultiTaskEventId.PREFIX + MultiTaskEventId.entry(MultiTaskEventId.taskHash("a"), A_ID);
		StreamTasks tasks = StreamTasks.of(new String[] { "a" }, id, 32);
		assertThat(tasks.tasks()).containsExactly(new TaskStart("a", MultiTaskEventId.taskHash("a"), A_ID));
	}

	@Test
	void aTasksOwnIdResumesTheFirstTaskListed() {
		StreamTasks tasks = StreamTasks.of(new String[] { "a", "b" }, A_ID.toString(), 32);
		assertThat(tasks.isSingle()).isFalse();
		assertThat(tasks.tasks()).extracting(TaskStart::after).containsExactly(A_ID, null);
	}

	@Test
	void aStreamIdResumesEachTaskByItsTagInAnyOrderAndAddedTasksFromTheStart() {
		String id = MultiTaskEventId.PREFIX + MultiTaskEventId.entry(MultiTaskEventId.taskHash("a"), A_ID)
				+ MultiTaskEventId.entry(MultiTaskEventId.taskHash("b"), B_ID);

		StreamTasks tasks = StreamTasks.of(new String[] { "c", "b", "a" }, id, 32);

		assertThat(tasks.tasks()).extracting(TaskStart::taskId, TaskStart::after)
			.containsExactly(tuple("c", null), tuple("b", B_ID), tuple("a", A_ID));
	}

	@Test
	void aStreamIdResumesOneTaskOnAStreamOfOne() {
		String id = MultiTaskEventId.PREFIX + MultiTaskEventId.entry(MultiTaskEventId.taskHash("a"), A_ID)
				+ MultiTaskEventId.entry(MultiTaskEventId.taskHash("b"), B_ID);

		StreamTasks tasks = StreamTasks.of(new String[] { "b" }, id, 32);

		assertThat(tasks.isSingle()).isTrue();
		assertThat(tasks.tasks()).extracting(TaskStart::after).containsExactly(B_ID);
	}

	@Test
	void entriesOfTasksNotListedAreIgnored() {
		String id = MultiTaskEventId.PREFIX + MultiTaskEventId.entry(MultiTaskEventId.taskHash("secret"), A_ID);

		StreamTasks tasks = StreamTasks.of(new String[] { "a", "b" }, id, 32);

		assertThat(tasks.tasks()).extracting(TaskStart::after).containsOnlyNulls();
	}

	@Test
	void moreTasksThanTheLimitAreRefused() {
		assertRefused(new String[] { "a", "b", "c" }, null, 2).isEqualTo("A stream follows at most 2 tasks");
	}

	@Test
	void aTaskListedTwiceIsRefused() {
		assertRefused(new String[] { "a", "b", "a" }, null, 32).isEqualTo("taskId a is listed twice");
	}

	@Test
	void missingOrInvalidTaskIdsAreRefused() {
		assertRefused(null, null, 32).startsWith("taskId must be 1 to 128");
		assertRefused(new String[0], null, 32).startsWith("taskId must be 1 to 128");
		assertRefused(new String[] { "a", "b c" }, null, 32).startsWith("taskId must be 1 to 128");
		assertRefused(new String[] { "a", "" }, null, 32).startsWith("taskId must be 1 to 128");
	}

	@Test
	void tasksWhoseTagsCollideCannotShareAStream() {
		// Found by search: the first 36 bits of their SHA-256 are equal.
		assertThat(MultiTaskEventId.taskHash("task-169481")).isEqualTo(MultiTaskEventId.taskHash("task-273412"));

		assertRefused(new String[] { "task-169481", "task-273412" }, null, 32)
			.isEqualTo("Tasks task-169481 and task-273412 cannot share a stream; follow them on two");
	}

	@Test
	void malformedOrTamperedIdsAreRefused() {
		String valid = MultiTaskEventId.PREFIX + MultiTaskEventId.entry(MultiTaskEventId.taskHash("a"), A_ID);
		for (String id : new String[] { "x", "12", "1-2-3", valid + "!", valid + valid.substring(2), "m1.", "-1-0" }) {
			assertRefused(new String[] { "a", "b" }, id, 32).startsWith("Last-Event-ID must be an event id");
			assertRefused(new String[] { "a" }, id, 32).startsWith("Last-Event-ID must be an event id");
		}
	}

	private static AbstractStringAssert<?> assertRefused(String[] taskIds, String lastEventId, int maxTasks) {
		InvalidStreamRequestException refusal = catchThrowableOfType(InvalidStreamRequestException.class,
				() -> StreamTasks.of(taskIds, lastEventId, maxTasks));
		assertThat(refusal).as("refused").isNotNull();
		assertThat(refusal.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		return assertThat(refusal.getReason());
	}

}
