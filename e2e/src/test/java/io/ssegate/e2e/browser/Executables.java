package io.ssegate.e2e.browser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the programs the tests run (chromium, chromedriver, node, npm, haproxy, caddy) on
 * the {@code PATH}, then in {@code /usr/bin}, {@code /usr/local/bin} and
 * {@code /usr/sbin} (Debian's haproxy).
 */
public final class Executables {

	private Executables() {
	}

	/**
	 * The first of some names that is an executable file.
	 * @param names the names, in order of preference
	 * @return its path, if any
	 */
	public static Optional<Path> find(String... names) {
		String path = System.getenv().getOrDefault("PATH", "");
		List<Path> directories = Stream
			.concat(Arrays.stream(path.split(File.pathSeparator)).filter((entry) -> !entry.isEmpty()).map(Path::of),
					Stream.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"), Path.of("/usr/sbin")))
			.toList();
		return Arrays.stream(names)
			.flatMap((name) -> directories.stream().map((directory) -> directory.resolve(name)))
			.filter(Files::isExecutable)
			.findFirst();
	}

}
