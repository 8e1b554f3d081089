package io.ssegate.gateway.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

import io.ssegate.protocol.EventId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MultiTaskEventIdTests {

	@Test
	void entriesRoundTrip() {
		Map<String, EventId> ids = new LinkedHashMap<>();
		ids.put(MultiTaskEventId.taskHash("a"), new EventId(1764170000000L, 0));
		ids.put(MultiTaskEventId.taskHash("b"), new EventId(1764170000123L, 7));
		ids.put(MultiTaskEventId.taskHash("c"), new EventId(Long.MAX_VALUE, Long.MAX_VALUE));
		ids.put(MultiTaskEventId.taskHash("d"), new EventId(0, 1));
		StringBuilder text = new StringBuilder(MultiTaskEventId.PREFIX);
		ids.forEach((taskHash, id) -> text.append(MultiTaskEventId.entry(taskHash, id)));

		assertThat(MultiTaskEventId.parse(text.toString())).isEqualTo(ids);
	}

	@Test
	void theExampleOfTheProtocolPageHolds() {
		String id = MultiTaskEventId.PREFIX
				+ MultiTaskEventId.entry(MultiTaskEventId.taskHash("export-41"), new EventId(1764170000000L, 0))
				+ MultiTaskEventId.entry(MultiTaskEventId.taskHash("export-42"), new EventId(1764170000038L, 1));
		assertThat(id).isEqualTo("m1.WByx3jmig59ny8.OQxyF-mig59nza-1");
	}

	@Test
	void anIdWithoutEntriesResumesNothing() {
		assertThat(MultiTaskEventId.parse("m1")).isEmpty();
	}

	@Test
	void tagsAreSixCharactersOfBase64UrlAndTellTasksApart() {
		assertThat(MultiTaskEventId.taskHash("export-42")).hasSize(6)
			.matches("[A-Za-z0-9_-]{6}")
			.isEqualTo(MultiTaskEventId.taskHash("export-42"));
		assertThat(IntStream.range(0, 10_000).mapToObj((i) -> MultiTaskEventId.taskHash("task-" + i)).distinct())
			.hasSize(10_000);
	}

	@Test
	void anIdOfThirtyTwoTasksTakesAboutFiveHundredCharacters() {
		StringBuilder text = new StringBuilder(MultiTaskEventId.PREFIX);
		for (int i = 0; i < 32; i++) {
			text.append(
					MultiTaskEventId.entry(MultiTaskEventId.taskHash("task-" + i), new EventId(1764170000000L + i, 0)));
		}
		assertThat(text).hasSize(2 + 32 * 15);
	}

	@Test
	void theLongestIdsOfTheMostTasksAreAccepted() {
		StringBuilder text = new StringBuilder(MultiTaskEventId.PREFIX);
		for (int i = 0; i < StreamProperties.MAX_TASKS_LIMIT; i++) {
			String entry = MultiTaskEventId.entry(MultiTaskEventId.taskHash("task-" + i),
					new EventId(Long.MAX_VALUE, Long.MAX_VALUE));
			assertThat(entry).hasSize(MultiTaskEventId.MAX_ENTRY_LENGTH);
			text.append(entry);
		}
		assertThat(text.length()).isLessThanOrEqualTo(MultiTaskEventId.MAX_LENGTH);
		assertThat(MultiTaskEventId.parse(text.toString())).hasSize(StreamProperties.MAX_TASKS_LIMIT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "m", "m2", "m1.", "m1x", "m1.abcdef", "m1.abcdefZZ", "m1.abcdef12-", "m1.abcdef12-x_",
			"m1.abcdef12.", "m1.abc12", "m1.abcdef1zzzzzzzzzzzzz", "m1.abcdef12-zzzzzzzzzzzzzz",
			"m1.abcdef11111111111111", "m1.abcdef12.abcdef13", "m1.abcdef12 ", "m1.abcdef12\n", "1764170000000-0" })
	void malformedIdsAreRejected(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> MultiTaskEventId.parse(text));
	}

	@Test
	void overlongIdsAreRejectedBeforeTheyAreRead() {
		String text = MultiTaskEventId.PREFIX + ".abcdef1".repeat(MultiTaskEventId.MAX_LENGTH / 8 + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> MultiTaskEventId.parse(text))
			.withMessageContaining("several tasks");
	}

}
