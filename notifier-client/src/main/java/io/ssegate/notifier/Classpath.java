package io.ssegate.notifier;

/**
 * What the application's classpath holds, for the defaults that depend on an optional
 * library (the data serializer, the publish tracer).
 */
final class Classpath {

	private Classpath() {
	}

	/**
	 * Whether a class can be loaded, without initializing it.
	 * @param className the class's binary name
	 * @param classLoader where to look
	 * @return {@code true} if it is there and links
	 */
	static boolean isPresent(String className, ClassLoader classLoader) {
		try {
			Class.forName(className, false, classLoader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
