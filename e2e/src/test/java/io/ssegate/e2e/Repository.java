package io.ssegate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository the tests run in: its files, and the gateway's default settings (from
 * its generated configuration metadata, built by the reactor before this module), which
 * the deployment files must agree with.
 */
public final class Repository {

	private static final Path ROOT = findRoot();

	private static final String GATEWAY_METADATA = "gateway/target/classes/META-INF/spring-configuration-metadata.json";

	private Repository() {
	}

	/**
	 * The repository's root directory.
	 * @return the root
	 */
	public static Path root() {
		return ROOT;
	}

	/**
	 * A file of the repository, which must exist.
	 * @param relativePath the path from the root, with {@code /}
	 * @return the file
	 */
	public static Path file(String relativePath) {
		Path file = ROOT.resolve(relativePath);
		if (!Files.exists(file)) {
			throw new AssertionError("Missing in the repository: " + relativePath);
		}
		return file;
	}

	/**
	 * The text of a file of the repository.
	 * @param relativePath the path from the root
	 * @return the text
	 */
	public static String read(String relativePath) {
		try {
			return Files.readString(file(relativePath));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The gateway's executable jar, built by the reactor before this module.
	 * @return the jar
	 * @throws IllegalStateException if it was not built
	 */
	public static Path gatewayJar() {
		Path jar = ROOT.resolve("gateway/target/gateway.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No gateway jar at " + jar
					+ ": build it first (./mvnw -B -pl e2e -am verify does, or ./mvnw -B -q -pl gateway -am -DskipTests install)");
		}
		return jar;
	}

	/**
	 * A duration setting of the gateway, as it ships.
	 * @param property the property, such as {@code ssegate.stream.heartbeat-interval}
	 * @return its default value
	 */
	public static Duration gatewayDefault(String property) {
		JsonNode metadata = new JsonMapper().readTree(read(GATEWAY_METADATA));
		for (JsonNode entry : metadata.get("properties")) {
			if (property.equals(entry.get("name").asString()) && entry.has("defaultValue")) {
				return Durations.parse(entry.get("defaultValue").asString(), ChronoUnit.MILLIS);
			}
		}
		throw new IllegalStateException("No default of " + property + " in " + GATEWAY_METADATA);
	}

	private static Path findRoot() {
		for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
			if (Files.isDirectory(directory.resolve(".mvn")) && Files.isRegularFile(directory.resolve("pom.xml"))) {
				return directory;
			}
		}
		throw new IllegalStateException("Run the tests inside the repository: no directory with .mvn and pom.xml above "
				+ Path.of("").toAbsolutePath());
	}

}
