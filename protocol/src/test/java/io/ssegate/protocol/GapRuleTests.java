package io.ssegate.protocol;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import static org.assertj.core.api.Assertions.assertThat;

class GapRuleTests {

	@ParameterizedTest(name = "after {0}, first {1}, dropped {2}: gap {3}")
	@CsvFileSource(resources = "gap-cases.csv", numLinesToSkip = 1)
	void followsTheTableOfCases(@Nullable String after, @Nullable String first, String dropped, boolean gap) {
		assertThat(GapRule.isGap(id(after), id(first), EventId.parse(dropped))).isEqualTo(gap);
	}

	private static @Nullable EventId id(@Nullable String text) {
		return (text != null) ? EventId.parse(text) : null;
	}

}
