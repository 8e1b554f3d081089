package io.ssegate.protocol;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EnvelopeWriterTests {

	private final EnvelopeCodec codec = new EnvelopeCodec();

	@Test
	void writesTheVersionOneWireFormat() {
		assertThat(EnvelopeWriter.write("42", "progress", "{\"percent\":50}", TaskStatus.RUNNING, 1764000000000L, null))
			.isEqualTo("""
					{"version":1,"taskId":"42","event":"progress","data":{"percent":50},\
					"status":"RUNNING","terminal":false,"publishedAt":1764000000000}""");
		assertThat(EnvelopeWriter.write("42", null, "null", TaskStatus.END, 1, null)).isEqualTo("""
				{"version":1,"taskId":"42","data":null,"status":"END","terminal":true,"publishedAt":1}""");
	}

	@Test
	void writesWhatJacksonWritesForTheRecordLeavingOutNulls() {
		Envelope envelope = Envelope.of("task.7:b-1", "log_line", this.codec.toData(Map.of("rows", 3)), "ERROR", 7);
		String jackson = JsonMapper.builder()
			.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
			.build()
			.writeValueAsString(envelope);

		assertThat(this.codec.encode(envelope)).isEqualTo(jackson);
	}

	@Test
	void quotesEveryCharacterAsJacksonDoes() {
		JsonMapper jackson = JsonMapper.shared();
		for (char c = 0; c < Character.MAX_VALUE; c++) {
			String text = "a" + c + "b";
			assertThat(EnvelopeWriter.quote(text)).as("U+%04X", (int) c).isEqualTo(jackson.writeValueAsString(text));
		}
	}

	@Test
	void quotedStringsRoundTripThroughTheCodec() {
		String text = "line 1\nline 2\t\"quoted\" \\ \u0000 \u001f é \u2028 😀";
		String json = EnvelopeWriter.write("42", null, EnvelopeWriter.quote(text), null, 1, null);

		assertThat(this.codec.dataText(this.codec.decode(json).data())).isEqualTo(text);
	}

	@Test
	void writeNewStampsTheEnvelopeNow() {
		long before = System.currentTimeMillis();

		Envelope envelope = this.codec.decode(EnvelopeWriter.writeNew("42", null, "50", null, 1024));

		assertThat(envelope.publishedAt()).isBetween(before, System.currentTimeMillis());
		assertThat(envelope.data().intValue()).isEqualTo(50);
	}

	@Test
	void writeNewRejectsEnvelopesOverTheLimit() {
		String data = EnvelopeWriter.quote("x".repeat(100));

		assertThatExceptionOfType(EventTooLargeException.class)
			.isThrownBy(() -> EnvelopeWriter.writeNew("42", null, data, null, 100))
			.withMessageContaining("Event of task 42 is");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\nb", "a b", "\"", "" })
	void rejectsEventNamesThatCouldForgeSseFramesOrJson(String event) {
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeWriter.write("42", event, "null", null, 1, null));
	}

	@Test
	void rejectsInvalidTaskIdsAndStatuses() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EnvelopeWriter.write("{42}", null, "null", null, 1, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EnvelopeWriter.write("42", null, "null", "END\"", 1, null));
	}

}
