package io.ssegate.protocol;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EnvelopeCodecTests {

	private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private final EnvelopeCodec codec = new EnvelopeCodec();

	@Test
	void writesTheVersionOneWireFormat() {
		Envelope envelope = Envelope.of("42", "progress", this.codec.toData(Map.of("percent", 50)), TaskStatus.RUNNING,
				1700000000000L);

		assertThat(this.codec.encode(envelope)).isEqualTo("""
				{"version":1,"taskId":"42","event":"progress","data":{"percent":50},\
				"status":"RUNNING","terminal":false,"publishedAt":1700000000000}""");
	}

	@Test
	void leavesOutAbsentEventNameAndStatus() {
		Envelope envelope = Envelope.of("42", null, this.codec.toData("hi"), null, 1L);

		assertThat(this.codec.encode(envelope)).isEqualTo("""
				{"version":1,"taskId":"42","data":"hi","terminal":false,"publishedAt":1}""");
	}

	@Test
	void createsTheEnvelopeThatEncodeNewWouldWriteAsAnObject() {
		long before = System.currentTimeMillis();
		Envelope created = this.codec.createNew("42", "result", Map.of("rows", List.of(1, 2)), TaskStatus.END, 1000);

		assertThat(created.publishedAt()).isBetween(before, System.currentTimeMillis());
		assertThat(created).isEqualTo(this.codec.decode(this.codec.encode(created)));
		assertThat(this.codec.encode(created))
			.isEqualTo("{\"version\":1,\"taskId\":\"42\",\"event\":\"result\",\"data\":{\"rows\":[1,2]},"
					+ "\"status\":\"END\",\"terminal\":true,\"publishedAt\":" + created.publishedAt() + "}");
	}

	@Test
	void createNewRefusesAnEnvelopeLargerThanTheLimitOnceEncoded() {
		String data = "x".repeat(100);
		int size = this.codec.encodeNew("42", null, data, null, 10_000).length();

		assertThat(this.codec.createNew("42", null, data, null, size).taskId()).isEqualTo("42");
		assertThatExceptionOfType(EventTooLargeException.class)
			.isThrownBy(() -> this.codec.createNew("42", null, data, null, size - 1))
			.withMessageContaining("more than the " + (size - 1) + " allowed");
	}

	@Test
	void roundTripsObjectData() {
		Envelope envelope = Envelope.of("42", "result", this.codec.toData(Map.of("rows", List.of(1, 2), "ok", true)),
				TaskStatus.END, 1700000000000L);

		Envelope decoded = this.codec.decode(this.codec.encode(envelope));

		assertThat(decoded).isEqualTo(envelope);
		assertThat(decoded.terminal()).isTrue();
		assertThat(decoded.data().isObject()).isTrue();
	}

	@Test
	void roundTripsStringDataAsString() {
		Envelope envelope = Envelope.of("42", null, this.codec.toData("{\"not\":\"parsed\"}"), null, 1L);

		Envelope decoded = this.codec.decode(this.codec.encode(envelope));

		assertThat(decoded).isEqualTo(envelope);
		assertThat(decoded.data().isString()).isTrue();
		assertThat(this.codec.dataText(decoded.data())).isEqualTo("{\"not\":\"parsed\"}");
	}

	@Test
	void dataTextDeliversStringsAsIs() {
		assertThat(this.codec.dataText(this.codec.toData("step 3 done"))).isEqualTo("step 3 done");
		assertThat(this.codec.dataText(this.codec.toData(""))).isEmpty();
		assertThat(this.codec.dataText(this.codec.toData("line 1\nline 2"))).isEqualTo("line 1\nline 2");
	}

	@Test
	void dataTextDeliversNullAsEmptyText() {
		assertThat(this.codec.toData(null)).isEqualTo(NullNode.getInstance());
		assertThat(this.codec.dataText(this.codec.toData(null))).isEmpty();
	}

	@Test
	void dataTextDeliversOtherValuesAsJsonText() {
		assertThat(this.codec.dataText(this.codec.toData(Map.of("percent", 50)))).isEqualTo("{\"percent\":50}");
		assertThat(this.codec.dataText(this.codec.toData(new Progress(3, "copy"))))
			.isEqualTo("{\"step\":3,\"name\":\"copy\"}");
		assertThat(this.codec.dataText(this.codec.toData(List.of("a", "b")))).isEqualTo("[\"a\",\"b\"]");
		assertThat(this.codec.dataText(this.codec.toData(50))).isEqualTo("50");
		assertThat(this.codec.dataText(this.codec.toData(true))).isEqualTo("true");
	}

	@Test
	void readsMissingOrNullDataAsJsonNull() {
		Envelope missing = this.codec.decode("""
				{"version":1,"taskId":"42","terminal":false,"publishedAt":1}""");
		Envelope explicit = this.codec.decode("""
				{"version":1,"taskId":"42","data":null,"terminal":false,"publishedAt":1}""");

		assertThat(missing.data()).isEqualTo(NullNode.getInstance());
		assertThat(explicit.data()).isEqualTo(NullNode.getInstance());
	}

	@Test
	void ignoresUnknownFields() {
		Envelope envelope = this.codec.decode("""
				{"version":1,"taskId":"42","event":"log","data":"x","traceId":"abc",
				"meta":{"nested":[1,2]},"terminal":false,"publishedAt":7}""");

		assertThat(envelope).isEqualTo(Envelope.of("42", "log", this.codec.toData("x"), null, 7));
	}

	@Test
	void writesTheTraceContextLastAndReadsItBack() {
		TraceContext trace = new TraceContext(PARENT, "rojo=00f067aa0ba902b7");
		Envelope envelope = Envelope.of("42", null, this.codec.toData("hi"), null, 1L, trace);

		String json = this.codec.encode(envelope);

		assertThat(json)
			.isEqualTo("{\"version\":1,\"taskId\":\"42\",\"data\":\"hi\",\"terminal\":false,\"publishedAt\":1,"
					+ "\"traceparent\":\"" + PARENT + "\",\"tracestate\":\"rojo=00f067aa0ba902b7\"}");
		assertThat(this.codec.decode(json)).isEqualTo(envelope);
		assertThat(this.codec.decode(json).trace()).isEqualTo(trace);
	}

	@Test
	void readsAVersionOneEnvelopeWithoutTraceFieldsAsUntraced() {
		Envelope envelope = this.codec.decode("""
				{"version":1,"taskId":"42","data":"hi","terminal":false,"publishedAt":1}""");

		assertThat(envelope.trace()).isNull();
		assertThat(envelope.hasMalformedTraceparent()).isFalse();
		assertThat(envelope).isEqualTo(Envelope.of("42", null, this.codec.toData("hi"), null, 1L));
	}

	@Test
	void readsAnEnvelopeWithAMalformedTraceparentAndIgnoresTheTrace() {
		Envelope envelope = this.codec.decode("""
				{"version":1,"taskId":"42","data":"hi","terminal":false,"publishedAt":1,\
				"traceparent":"garbage\\n","tracestate":"a=b"}""");

		assertThat(envelope.trace()).isNull();
		assertThat(envelope.hasMalformedTraceparent()).isTrue();
		assertThat(this.codec.encode(envelope)).doesNotContain("trace");
	}

	@Test
	void aReaderThatKnowsNoTraceFieldReadsATracedEnvelope() {
		// How every version 1 gateway reads: the codec's mapper, on the fields before
		// tracing.
		JsonMapper readerBeforeTracing = JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
		String traced = EnvelopeWriter.writeNew("42", "log", "\"x\"", null, new TraceContext(PARENT, null), 1024);

		UntracedEnvelope read = readerBeforeTracing.readValue(traced, UntracedEnvelope.class);

		assertThat(read.taskId()).isEqualTo("42");
		assertThat(read.event()).isEqualTo("log");
	}

	@Test
	void rejectsUnsupportedVersion() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("""
				{"version":2,"taskId":"42","terminal":false,"publishedAt":1}""")).withMessageContaining("version 2");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("""
				{"taskId":"42","terminal":false,"publishedAt":1}"""));
	}

	@ParameterizedTest
	@ValueSource(strings = { "running", "1UP", "A B", "END\n", "" })
	void rejectsInvalidStatus(String status) {
		String json = "{\"version\":1,\"taskId\":\"42\",\"status\":\"" + status.replace("\n", "\\n")
				+ "\",\"terminal\":false,\"publishedAt\":1}";

		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode(json));
	}

	@Test
	void rejectsTerminalFlagThatContradictsTheStatus() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("""
				{"version":1,"taskId":"42","status":"END","terminal":false,"publishedAt":1}"""));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("""
				{"version":1,"taskId":"42","status":"RUNNING","terminal":true,"publishedAt":1}"""));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("""
				{"version":1,"taskId":"42","terminal":true,"publishedAt":1}"""));
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\\nb", "a\\r\\nb", "done\\n\\ndata: forged", "a b", "", "\\u00e9" })
	void rejectsEventNamesThatCouldForgeSseFrames(String jsonEscapedName) {
		String json = "{\"version\":1,\"taskId\":\"42\",\"event\":\"" + jsonEscapedName
				+ "\",\"terminal\":false,\"publishedAt\":1}";

		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode(json));
	}

	@Test
	void rejectsEnvelopesOfInvalidTasks() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("""
				{"version":1,"taskId":"{42}","terminal":false,"publishedAt":1}"""));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode("""
				{"version":1,"terminal":false,"publishedAt":1}"""));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "null", "not json", "[]", "\"text\"", "{\"version\":1,\"taskId\":\"42\"} trailing" })
	void rejectsTextThatIsNoEnvelope(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode(json));
	}

	@Test
	void rejectsEnvelopesBuiltWithInvalidFields() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Envelope(2, "42", null, NullNode.getInstance(), null, false, 1, null, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Envelope.of("42", "a\r\nb", NullNode.getInstance(), null, 1));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new Envelope(1, "42", null, NullNode.getInstance(), TaskStatus.ERROR, false, 1, null, null));
	}

	@Test
	void rejectsDataThatCannotBeWrittenAsJson() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.toData(new SelfReference()))
			.withMessageStartingWith("Data cannot be written as JSON");
	}

	record Progress(int step, String name) {
	}

	record UntracedEnvelope(int version, String taskId, String event, JsonNode data, String status, boolean terminal,
			long publishedAt) {
	}

	static class SelfReference {

		public SelfReference getSelf() {
			return this;
		}

	}

}
