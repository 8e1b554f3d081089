package io.ssegate.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@link EventDataSerializer} with a Jackson 2 mapper, such as Spring Boot 3's. Needs
 * {@code com.fasterxml.jackson.core:jackson-databind}, which notifier-client does not
 * bring. Thread-safe.
 */
public final class Jackson2DataSerializer implements EventDataSerializer {

	private final ObjectWriter writer;

	/**
	 * Create a serializer that writes with a mapper, without indentation whatever the
	 * mapper's setting.
	 * @param mapper the mapper; it is not changed
	 */
	public Jackson2DataSerializer(ObjectMapper mapper) {
		this.writer = mapper.writer().without(SerializationFeature.INDENT_OUTPUT);
	}

	static EventDataSerializer withDefaultMapper() {
		return new Jackson2DataSerializer(new ObjectMapper());
	}

	@Override
	public String toJson(Object data) {
		try {
			return this.writer.writeValueAsString(data);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Data cannot be written as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

}
