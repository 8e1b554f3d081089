package io.ssegate.bench.load;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadTests {

	private final Payload payload = new Payload();

	@Test
	void readsWhatItWrote() {
		String text = Payload.encode(42, 7, 123_456_789_012L, 64);
		assertThat(text).hasSize(64).startsWith("42.7.123456789012.x");
		assertThat(read(text)).isTrue();
		assertThat(this.payload.task()).isEqualTo(42);
		assertThat(this.payload.sequence()).isEqualTo(7);
		assertThat(this.payload.scheduledNanos()).isEqualTo(123_456_789_012L);
	}

	@Test
	void rejectsWhatIsNotAPayload() {
		assertThat(read("hello")).isFalse();
		assertThat(read("1.2")).isFalse();
		assertThat(read("1.2.3")).isFalse();
		assertThat(read("1..3.")).isFalse();
		assertThat(read("99999999999.1.1.")).isFalse();
	}

	private boolean read(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		return this.payload.read(bytes, bytes.length);
	}

}
