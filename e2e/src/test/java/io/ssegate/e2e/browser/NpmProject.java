package io.ssegate.e2e.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ssegate.e2e.Repository;

/**
 * An npm project of the tests (a directory under {@code e2e/src/test/} with a
 * {@code package.json} and a committed {@code package-lock.json}), copied into a work
 * directory and installed there with {@code npm ci}, once: a work directory that already
 * has the project's {@code node_modules} is not installed again.
 */
public final class NpmProject {

	private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

	private NpmProject() {
	}

	/**
	 * Copy the project's files into a work directory and install its packages there
	 * unless they already are.
	 * @param sources the project's directory, relative to the repository's root
	 * @param files the files to copy, {@code package.json} and {@code package-lock.json}
	 * among them
	 * @param workDirectory where the files, the packages and {@code npm-ci.log} go;
	 * created if missing
	 * @param installHint what to install when npm is missing, for the error message
	 * @throws IllegalStateException if npm is not installed, or {@code npm ci} fails or
	 * takes more than 5 minutes
	 */
	public static void install(String sources, List<String> files, Path workDirectory, String installHint) {
		try {
			Files.createDirectories(workDirectory);
			for (String file : files) {
				Files.copy(Repository.file(sources + file), workDirectory.resolve(file),
						StandardCopyOption.REPLACE_EXISTING);
			}
			if (!Files.isDirectory(workDirectory.resolve("node_modules"))) {
				runNpmCi(workDirectory, installHint);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void runNpmCi(Path workDirectory, String installHint) throws IOException {
		Path npm = Executables.find("npm").orElseThrow(() -> new IllegalStateException(installHint + ": no npm found"));
		Path output = workDirectory.resolve("npm-ci.log");
		Process process = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error")
			.directory(workDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		try {
			boolean exited = process.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (!exited) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				throw new IllegalStateException("npm ci in " + workDirectory + " did not finish within "
						+ INSTALL_TIMEOUT + ":\n" + Files.readString(output));
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("npm ci in " + workDirectory + " failed (exit " + process.exitValue()
						+ "):\n" + Files.readString(output));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IllegalStateException("Interrupted while running npm ci", ex);
		}
	}

}
