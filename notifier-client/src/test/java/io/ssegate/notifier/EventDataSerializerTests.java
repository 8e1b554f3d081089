package io.ssegate.notifier;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ssegate.protocol.EnvelopeCodec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventDataSerializerTests {

	private final EnvelopeCodec codec = new EnvelopeCodec();

	@Test
	void defaultIsJackson3WhenOnTheClasspath() {
		assertThat(EventDataSerializer.fromClasspath()).isInstanceOf(Jackson3DataSerializer.class);
	}

	@Test
	void defaultWritesWhatTheEnvelopeCodecWrote() {
		for (Object data : List.of(Map.of("percent", 50), new Progress(3, "copy"), List.of("a", "b"), 50, true,
				new BigDecimal("12.50"), 0.1)) {
			assertThat(EventDataSerializer.fromClasspath().toJson(data)).as("%s", data)
				.isEqualTo(this.codec.dataText(this.codec.toData(data)));
		}
	}

	@Test
	void defaultIsJackson2WithoutJackson3() {
		EventDataSerializer serializer = ClasspathDataSerializer
			.find(new FilteredClassLoader("tools.jackson.databind."));

		assertThat(serializer).isInstanceOf(Jackson2DataSerializer.class);
		assertThat(serializer.toJson(new Progress(3, "copy"))).isEqualTo("{\"step\":3,\"name\":\"copy\"}");
	}

	@Test
	void withoutJacksonOnlyStringsCanBePublished() {
		EventDataSerializer serializer = ClasspathDataSerializer
			.find(new FilteredClassLoader("tools.jackson.databind.", "com.fasterxml.jackson.databind."));

		assertThatIllegalArgumentException().isThrownBy(() -> serializer.toJson(Map.of("percent", 50)))
			.withMessageContaining("cannot be written as JSON without Jackson")
			.withMessageContaining("publish a String");
	}

	@Test
	void jackson2WritesWithTheGivenMapperOnOneLine() {
		ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
			.enable(SerializationFeature.INDENT_OUTPUT);

		assertThat(new Jackson2DataSerializer(mapper).toJson(new Progress(3, "copy")))
			.isEqualTo("{\"step\":3,\"name\":\"copy\"}");
		assertThat(new Jackson2DataSerializer(mapper).toJson(Map.of("percentDone", 50)))
			.isEqualTo("{\"percentDone\":50}");
		assertThat(new Jackson2DataSerializer(mapper).toJson(new Done(50))).isEqualTo("{\"percent_done\":50}");
	}

	@Test
	void jackson3WritesWithTheGivenMapperOnOneLine() {
		JsonMapper mapper = JsonMapper.builder()
			.propertyNamingStrategy(tools.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
			.enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
			.build();

		assertThat(new Jackson3DataSerializer(mapper).toJson(new Done(50))).isEqualTo("{\"percent_done\":50}");
	}

	@Test
	void bothJacksonsRejectDataThatCannotBeWrittenAsJson() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Jackson2DataSerializer(new ObjectMapper()).toJson(new SelfReference()))
			.withMessageStartingWith("Data cannot be written as JSON");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Jackson3DataSerializer(JsonMapper.shared()).toJson(new SelfReference()))
			.withMessageStartingWith("Data cannot be written as JSON");
	}

	record Progress(int step, String name) {
	}

	record Done(int percentDone) {
	}

	static class SelfReference {

		public SelfReference getSelf() {
			return this;
		}

	}

}
