package io.ssegate.notifier;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link EventDataSerializer} with a Jackson 3 mapper, such as Spring Boot 4's. Needs
 * {@code tools.jackson.core:jackson-databind}, which notifier-client does not bring.
 * Thread-safe.
 */
public final class Jackson3DataSerializer implements EventDataSerializer {

	private final ObjectWriter writer;

	/**
	 * Create a serializer that writes with a mapper, without indentation whatever the
	 * mapper's setting.
	 * @param mapper the mapper; it is not changed
	 */
	public Jackson3DataSerializer(ObjectMapper mapper) {
		this.writer = mapper.writer().without(SerializationFeature.INDENT_OUTPUT);
	}

	static EventDataSerializer withSharedMapper() {
		return new Jackson3DataSerializer(JsonMapper.shared());
	}

	@Override
	public String toJson(Object data) {
		try {
			return this.writer.writeValueAsString(data);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Data cannot be written as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

}
