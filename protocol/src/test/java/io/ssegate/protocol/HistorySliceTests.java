package io.ssegate.protocol;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HistorySliceTests {

	@Test
	void readsGapFinalIdAndEntries() {
		List<Object> result = List.of(1L, "30-0", List.of(List.of("20-0", List.of("e", "{\"n\":2}", "t", "0")),
				List.of("30-0", List.of("e", "{\"n\":3}", "t", "1"))));

		HistorySlice replay = HistorySlice.fromScriptResult(result);

		assertThat(replay.gap()).isTrue();
		assertThat(replay.finalId()).isEqualTo(EventId.parse("30-0"));
		assertThat(replay.entries()).containsExactly(new HistoryEntry(EventId.parse("20-0"), "{\"n\":2}"),
				new HistoryEntry(EventId.parse("30-0"), "{\"n\":3}"));
	}

	@Test
	void emptyFinalIdMeansTheTaskIsRunning() {
		HistorySlice replay = HistorySlice.fromScriptResult(List.of(0L, "", List.of()));

		assertThat(replay.gap()).isFalse();
		assertThat(replay.finalId()).isNull();
		assertThat(replay.entries()).isEmpty();
	}

	@Test
	void findsTheEnvelopeWhateverTheFieldOrder() {
		List<Object> result = List.of(0L, "", List.of(List.of("5-1", List.of("t", "0", "x", "y", "e", "{}"))));

		assertThat(HistorySlice.fromScriptResult(result).entries())
			.containsExactly(new HistoryEntry(EventId.parse("5-1"), "{}"));
	}

	@Test
	void entriesCannotBeChanged() {
		HistorySlice replay = HistorySlice.fromScriptResult(List.of(0L, "", List.of()));

		assertThat(replay.entries()).isUnmodifiable();
	}

	@Test
	void rejectsResultsOfAnotherShape() {
		assertThatIllegalArgumentException().isThrownBy(() -> HistorySlice.fromScriptResult(List.of(0L, "")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HistorySlice.fromScriptResult(List.of(0L, "", "not a list")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HistorySlice.fromScriptResult(List.of(0L, "", List.of("1-0"))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HistorySlice.fromScriptResult(List.of(0L, "", List.of(List.of("1-0", "e")))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HistorySlice.fromScriptResult(List.of(0L, "not an id", List.of())));
	}

	@Test
	void rejectsEntriesWithoutEnvelope() {
		List<Object> result = List.of(0L, "", List.of(List.of("1-0", List.of("t", "0"))));

		assertThatIllegalArgumentException().isThrownBy(() -> HistorySlice.fromScriptResult(result))
			.withMessageContaining("1-0");
	}

}
