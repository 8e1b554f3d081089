package io.ssegate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A server the tests start as a process of their own (a gateway node, a development
 * server), with its output in a log file, ready once a URL of it answers {@code 200}.
 * Owns the process: {@link #close()} ends it.
 */
public final class ServerProcess implements AutoCloseable {

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

	// HTTP/1.1 without an h2c upgrade: webpack-dev-server and Vite hand requests that ask
	// for an upgrade to their WebSocket server, which never answers them.
	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final Process process;

	private final Path log;

	private ServerProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Start a process and wait until it is ready.
	 * @param command the command and its arguments
	 * @param directory its working directory
	 * @param environment variables added to the test's own
	 * @param log where its output goes
	 * @param ready the URL that answers {@code 200} once it is ready
	 * @param timeout the longest wait for it to be ready
	 * @return the running process; close it
	 * @throws IllegalStateException if it exits or is not ready in time (with the end of
	 * its log)
	 */
	public static ServerProcess start(List<String> command, Path directory, Map<String, String> environment, Path log,
			URI ready, Duration timeout) {
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().putAll(environment);
			ServerProcess started = new ServerProcess(builder.start(), log);
			try {
				await(ready + " ready").atMost(timeout)
					.pollInterval(Duration.ofMillis(200))
					.until(() -> started.answers(ready));
				return started;
			}
			catch (RuntimeException ex) {
				started.close();
				throw new IllegalStateException(
						String.join(" ", command) + " did not start: " + ex.getMessage() + "\n" + Files.readString(log),
						ex);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A free port on the loopback interface, at the time of asking.
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Its output so far.
	 * @return the log's text
	 */
	public String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Its process id.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	private boolean answers(URI url) {
		if (!this.process.isAlive()) {
			throw new IllegalStateException("exited with " + this.process.exitValue());
		}
		try {
			HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build();
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void close() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		try {
			if (!this.process.waitFor(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
