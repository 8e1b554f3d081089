package io.ssegate.protocol;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventIdTests {

	@Test
	void parsesMillisAndSequence() {
		EventId id = EventId.parse("1700000000000-3");

		assertThat(id.millis()).isEqualTo(1700000000000L);
		assertThat(id.sequence()).isEqualTo(3);
	}

	@Test
	void formatsAsRedisStreamId() {
		assertThat(new EventId(1700000000000L, 3)).hasToString("1700000000000-3");
		assertThat(EventId.ZERO).hasToString("0-0");
	}

	@Test
	void parseAndFormatRoundTrip() {
		for (String text : List.of("0-0", "1-0", "1700000000000-42", "9223372036854775807-9223372036854775807")) {
			assertThat(EventId.parse(text)).hasToString(text);
		}
	}

	@Test
	void ordersByMillisThenSequence() {
		List<EventId> ids = new ArrayList<>(List.of(EventId.parse("20-0"), EventId.parse("10-2"),
				EventId.parse("10-10"), EventId.ZERO, EventId.parse("10-0")));

		ids.sort(null);

		assertThat(ids).extracting(EventId::toString).containsExactly("0-0", "10-0", "10-2", "10-10", "20-0");
	}

	@Test
	void comparesNumericallyNotAsText() {
		assertThat(EventId.parse("10-10").isAfter(EventId.parse("10-9"))).isTrue();
		assertThat(EventId.parse("100-0").isAfter(EventId.parse("99-99"))).isTrue();
		assertThat(EventId.parse("10-9").isAfter(EventId.parse("10-10"))).isFalse();
		assertThat(EventId.parse("10-9").isAfter(EventId.parse("10-9"))).isFalse();
	}

	@Test
	void zeroComesBeforeEveryId() {
		assertThat(EventId.parse("0-1").isAfter(EventId.ZERO)).isTrue();
		assertThat(EventId.ZERO.isAfter(EventId.ZERO)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "1", "1-", "-1", "1-2-3", "1_2", " 1-2", "1-2 ", "+1-2", "-1-2", "1--2",
			"1-2\n", "1-2\r\n", "1\r\n-2", "\n1-2", "1-*", "*", "$", "1.5-2", "\u0661-2", "12345678901234567890-0",
			"9223372036854775808-0", "0-9223372036854775808" })
	void rejectsTextThatIsNoEventId(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> EventId.parse(text));
	}

	@Test
	void rejectsNegativeParts() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EventId(-1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new EventId(0, -1));
	}

}
