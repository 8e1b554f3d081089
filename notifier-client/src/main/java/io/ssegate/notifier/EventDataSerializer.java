package io.ssegate.notifier;

/**
 * Writes the data of events ({@link NotifyEvent#data()}) as JSON text. The notifier
 * writes {@code null} and {@link String} data itself (a string is delivered as-is, with
 * no JSON library); every other value goes through this serializer. Implementations must
 * be thread-safe.
 * <p>
 * A notifier uses {@link #fromClasspath()} unless
 * {@link NotifierOptions#dataSerializer()} names another, such as a
 * {@link Jackson2DataSerializer} or {@link Jackson3DataSerializer} with the application's
 * own mapper. The Spring Boot starter passes the application's Jackson mapper, so that
 * event data is written the way the application writes JSON.
 */
@FunctionalInterface
public interface EventDataSerializer {

	/**
	 * Write a value as JSON text.
	 * @param data the value; never {@code null}, never a {@link String}
	 * @return the text of one JSON value
	 * @throws IllegalArgumentException if the value cannot be written as JSON
	 */
	String toJson(Object data);

	/**
	 * The default serializer: Jackson 3's shared {@code JsonMapper} when
	 * {@code tools.jackson.core:jackson-databind} is on the classpath, else a default
	 * Jackson 2 {@code ObjectMapper} when
	 * {@code com.fasterxml.jackson.core:jackson-databind} is, else one that rejects every
	 * value, so that events carry strings only. Neither Jackson is a dependency of
	 * notifier-client.
	 * @return the shared default serializer
	 */
	static EventDataSerializer fromClasspath() {
		return ClasspathDataSerializer.INSTANCE;
	}

}
