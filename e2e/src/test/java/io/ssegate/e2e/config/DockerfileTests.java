package io.ssegate.e2e.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ssegate.e2e.Repository;
import io.ssegate.e2e.YamlNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gateway/Dockerfile} and {@code .dockerignore}. (No Docker engine in CI: they are
 * checked, not built.)
 */
class DockerfileTests {

	private final List<String> instructions = instructions(Repository.read("gateway/Dockerfile"));

	@Test
	void buildsWithTheWrapperAndRunsOnAJava25JreWithItsAotCache() {
		List<String> stages = all("FROM");
		assertThat(stages).hasSize(3);
		assertThat(stages.get(0)).matches("eclipse-temurin:25-jdk(\\S*)? AS build");
		assertThat(stages.get(1)).matches("eclipse-temurin:25-jre\\S* AS aot");
		assertThat(stages.get(2)).isEqualTo(stages.get(1).replace(" AS aot", ""));
		assertThat(all("RUN")).anySatisfy((run) -> assertThat(run).contains("./mvnw", "-pl gateway -am", "package"));
		// The cache is made on the runtime the image ships, by the training run
		// bin/aot-cache uses.
		assertThat(all("RUN")).anySatisfy((run) -> assertThat(run).contains("-XX:AOTCacheOutput=gateway.aot")
			.contains("Training http://127.0.0.1:8080"));
		assertThat(all("COPY")).contains("--from=aot /app/ ./");
		assertThat(all("ENTRYPOINT")).singleElement().asString().contains("\"-XX:AOTCache=gateway.aot\"");
		assertThat(Repository.read("bin/aot-cache")).contains("gateway/aot/Training.java");
	}

	@Test
	void runsAsAnUnprivilegedNumericUser() {
		List<String> users = all("USER");
		assertThat(users).isNotEmpty();
		Matcher user = Pattern.compile("(\\d+)(:\\d+)?").matcher(users.get(users.size() - 1));
		assertThat(user.matches()).as("numeric USER, so that Kubernetes can check runAsNonRoot").isTrue();
		assertThat(Integer.parseInt(user.group(1))).isPositive();
	}

	@Test
	void sizesTheJvmForContainersRunsTheShippedOptionsAndReceivesSigtermItself() {
		assertThat(all("ENV"))
			.anySatisfy((env) -> assertThat(env).startsWith("JAVA_TOOL_OPTIONS=").contains("-XX:MaxRAMPercentage="));
		assertThat(all("COPY")).contains("gateway/jvm.options ./");
		assertThat(all("COPY")).contains("--from=aot /app/ ./");
		assertThat(Repository.read("gateway/jvm.options").lines().map(String::strip))
			.contains("-XX:+ExitOnOutOfMemoryError");
		// Exec form: java is PID 1 and gets SIGTERM, which starts the drain.
		assertThat(all("ENTRYPOINT")).singleElement().asString().startsWith("[\"java\", \"@jvm.options\"");
	}

	@Test
	void healthCheckAsksForReadinessOnTheManagementPort() {
		String managementPort = YamlNode.load(Repository.file("gateway/src/main/resources/application.yml"))
			.at("management", "server", "port")
			.text();
		assertThat(managementPort).isNotEqualTo("8080");
		assertThat(all("HEALTHCHECK")).singleElement()
			.asString()
			.contains("CMD curl")
			.contains("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
		assertThat(all("EXPOSE")).singleElement().asString().contains("8080").contains(managementPort);
	}

	@Test
	void buildContextHoldsWhatTheBuildReads() {
		List<String> ignore = Repository.read(".dockerignore").lines().map(String::strip).toList();
		assertThat(ignore).contains("*", "!mvnw", "!.mvn/", "!**/pom.xml", "**/target/", "!gateway/jvm.options",
				"!gateway/aot/", "!clients/js/src/");
		for (String module : List.of("gateway", "protocol", "notifier-client", "notifier-tokens", "redis-testing")) {
			assertThat(ignore).contains("!" + module + "/src/");
		}
		// Every module the gateway builds with (-am) must have its sources in the
		// context.
		Matcher dependency = Pattern
			.compile("<dependency>\\s*<groupId>io\\.ssegate</groupId>\\s*<artifactId>([^<]+)</artifactId>")
			.matcher(Repository.read("gateway/pom.xml"));
		while (dependency.find()) {
			assertThat(ignore).contains("!" + dependency.group(1) + "/src/");
		}
	}

	private List<String> all(String keyword) {
		return this.instructions.stream()
			.filter((instruction) -> instruction.startsWith(keyword + " "))
			.map((instruction) -> instruction.substring(keyword.length() + 1).strip())
			.toList();
	}

	/**
	 * The instructions, with continuation lines joined and comments dropped.
	 */
	private static List<String> instructions(String dockerfile) {
		List<String> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : dockerfile.lines().map(String::strip).toList()) {
			if (line.startsWith("#") || line.isEmpty()) {
				continue;
			}
			if (line.endsWith("\\")) {
				current.append(line, 0, line.length() - 1).append(' ');
				continue;
			}
			instructions.add(current.append(line).toString().replaceAll("\\s+", " "));
			current.setLength(0);
		}
		return instructions;
	}

}
