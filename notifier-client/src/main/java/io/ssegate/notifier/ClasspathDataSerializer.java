package io.ssegate.notifier;

/**
 * Finds the {@link EventDataSerializer#fromClasspath() default serializer} once, when it
 * is first needed.
 */
final class ClasspathDataSerializer {

	static final EventDataSerializer INSTANCE = find(ClasspathDataSerializer.class.getClassLoader());

	private ClasspathDataSerializer() {
	}

	static EventDataSerializer find(ClassLoader classLoader) {
		if (Classpath.isPresent("tools.jackson.databind.json.JsonMapper", classLoader)) {
			return Jackson3DataSerializer.withSharedMapper();
		}
		if (Classpath.isPresent("com.fasterxml.jackson.databind.ObjectMapper", classLoader)) {
			return Jackson2DataSerializer.withDefaultMapper();
		}
		return ClasspathDataSerializer::rejectWithoutJackson;
	}

	private static String rejectWithoutJackson(Object data) {
		throw new IllegalArgumentException("Data of type " + data.getClass().getName()
				+ " cannot be written as JSON without Jackson on the classpath: publish a String (delivered as-is, "
				+ "so it may be JSON you wrote), add jackson-databind, or set NotifierOptions.dataSerializer");
	}

}
