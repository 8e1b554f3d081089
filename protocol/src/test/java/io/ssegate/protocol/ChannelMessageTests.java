package io.ssegate.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ChannelMessageTests {

	@Test
	void splitsIdFromEnvelopeAtTheFirstSpace() {
		ChannelMessage message = ChannelMessage.parse("1700000000000-0 {\"version\":1,\"data\":\"a b c\"}");

		assertThat(message.id()).isEqualTo(new EventId(1700000000000L, 0));
		assertThat(message.envelopeJson()).isEqualTo("{\"version\":1,\"data\":\"a b c\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "1-0", "1-0{}", " {}", "x {}", "1-0\n{}", "1-0 " })
	void rejectsMessagesWithoutIdOrEnvelope(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelMessage.parse(text));
	}

}
