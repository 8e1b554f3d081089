package io.ssegate.e2e.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.ssegate.e2e.Repository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/architecture.md} names classes in backticks ({@code `StreamOpener`},
 * {@code `Notifier.publish(…)`}): each must be a class of the repository, so that the
 * page cannot drift from the code unnoticed.
 */
class ArchitectureDocTests {

	private static final Pattern NAMED_CLASS = Pattern.compile("`([A-Z][a-z][A-Za-z0-9]*)[.(`]");

	@Test
	void everyClassThePageNamesExists() {
		Set<String> named = namedClasses(Repository.read("docs/architecture.md"));
		Set<String> classes = classesOfTheRepository();

		assertThat(named).hasSizeGreaterThan(30);
		assertThat(named).as("classes named in docs/architecture.md")
			.allSatisfy((name) -> assertThat(classes).as("a class named %s in the repository", name).contains(name));
	}

	@Test
	void aNameThatIsNoClassIsFound() {
		Set<String> named = namedClasses(
				"the `StreamOpener` and `Notifier.publish(taskId)` and `NoSuchThing` and `END`");

		assertThat(named).containsExactly("StreamOpener", "Notifier", "NoSuchThing");
		assertThat(classesOfTheRepository()).contains("StreamOpener", "Notifier").doesNotContain("NoSuchThing");
	}

	private static Set<String> namedClasses(String text) {
		Set<String> named = new LinkedHashSet<>();
		Matcher matcher = NAMED_CLASS.matcher(text);
		while (matcher.find()) {
			named.add(matcher.group(1));
		}
		return named;
	}

	private static Set<String> classesOfTheRepository() {
		try (Stream<Path> files = Files.walk(Repository.root())) {
			return files.filter((file) -> file.toString().endsWith(".java"))
				.filter((file) -> file.toString().contains("/src/"))
				.map((file) -> file.getFileName().toString().replace(".java", ""))
				.collect(Collectors.toSet());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
