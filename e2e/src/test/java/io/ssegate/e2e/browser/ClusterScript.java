package io.ssegate.e2e.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ssegate.e2e.Repository;

/**
 * Runs {@code deploy/local/cluster.sh} on one state directory, so that the tests exercise
 * the script itself.
 */
final class ClusterScript {

	private final Path stateDirectory;

	private final Path log;

	ClusterScript(Path stateDirectory) {
		this.stateDirectory = stateDirectory;
		this.log = stateDirectory.resolveSibling(stateDirectory.getFileName() + "-script.log");
	}

	Path stateDirectory() {
		return this.stateDirectory;
	}

	/**
	 * Run the script and wait for it.
	 * @param timeout the longest wait; the script is killed after it
	 * @param args the command and its options
	 * @return the exit code and the output
	 */
	Result run(Duration timeout, String... args) {
		List<String> command = new ArrayList<>(List.of("bash", Repository.file("deploy/local/cluster.sh").toString()));
		command.addAll(List.of(args));
		try {
			Files.createDirectories(this.log.getParent());
			Path output = Files.createTempFile(this.log.getParent(), "cluster-", ".out");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.redirectInput(Redirect.from(Path.of("/dev/null").toFile()));
			builder.environment().put("SSEGATE_CLUSTER_DIR", this.stateDirectory.toString());
			// The JDK that runs the tests is a Java 21+ one: let the nodes use it too.
			builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
			// Nodes start in seconds, but in minutes on a loaded two-core machine: let
			// the
			// script wait for them almost as long as this waits for the script.
			builder.environment()
				.put("SSEGATE_CLUSTER_START_TIMEOUT", String.valueOf(Math.max(60, timeout.toSeconds() - 20)));
			Process process = builder.start();
			boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!exited) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			String text = Files.readString(output);
			Files.delete(output);
			Files.writeString(this.log, "$ cluster.sh " + String.join(" ", args) + "\n" + text,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			if (!exited) {
				throw new IllegalStateException(
						"cluster.sh " + args[0] + " did not finish within " + timeout + ":\n" + text);
			}
			return new Result(process.exitValue(), text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running cluster.sh", ex);
		}
	}

	/**
	 * What a run of the script did.
	 *
	 * @param exitCode the exit code
	 * @param output standard output and error
	 */
	record Result(int exitCode, String output) {

		Result requireSuccess(String what) {
			if (this.exitCode != 0) {
				throw new IllegalStateException(what + " failed (exit " + this.exitCode + "):\n" + this.output);
			}
			return this;
		}

	}

}
