package io.ssegate.e2e.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Many spec-following {@code EventSource} clients in one Node.js process, for the tests
 * that need more streams than a browser opens:
 * {@code e2e/src/test/node/eventsource-clients.mjs} with the npm package
 * {@code eventsource}, installed once into the work directory with {@code npm ci}. Stream
 * {@code i} follows task {@code taskIds[i % taskIds.size()]} on its own connection,
 * reconnects as a browser does (with {@code Last-Event-ID}, after the server's
 * {@code retry:}) and records every event it receives. Owns the process: {@link #close()}
 * ends it, and so does the JVM's exit (the script stops when its standard input closes).
 */
final class EventSourceClients implements AutoCloseable {

	private static final String INSTALL_HINT = "the rolling-restart tests need Node.js 18+ and npm "
			+ "(Debian/Ubuntu: apt-get install -y nodejs npm)";

	private static final String SOURCES = "e2e/src/test/node/";

	private static final String SCRIPT = "eventsource-clients.mjs";

	private static final List<String> FILES = List.of("package.json", "package-lock.json", SCRIPT);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

	private static final int LOG_TAIL_LINES = 40;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path result;

	private final Path log;

	private final Thread progressReader;

	private volatile Progress progress;

	private EventSourceClients(Process process, Path result, Path log, int streams) {
		this.process = process;
		this.result = result;
		this.log = log;
		this.progress = new Progress(streams, 0, streams, 0, 0, 0);
		this.progressReader = Thread.ofPlatform()
			.name("eventsource-clients-progress")
			.daemon()
			.start(this::readProgress);
	}

	/**
	 * Open the streams, all at once: copy the script into the work directory, install its
	 * npm packages there unless they already are, and start it.
	 * @param workDirectory where the script, its packages, its log
	 * ({@code eventsource-clients.log}) and its result go; created if missing
	 * @param loadBalancer where the streams connect, as {@code /sse/register?taskId=…}
	 * @param taskIds the tasks to follow: stream {@code i} follows
	 * {@code taskIds[i % taskIds.size()]}
	 * @param streamsPerTask how many streams follow each task
	 * @return the running clients; close them
	 * @throws IllegalStateException if Node.js or npm is not installed, or the
	 * installation fails
	 */
	static EventSourceClients start(Path workDirectory, URI loadBalancer, List<String> taskIds, int streamsPerTask) {
		if (taskIds.isEmpty() || streamsPerTask < 1) {
			throw new IllegalArgumentException("No streams: " + taskIds + " × " + streamsPerTask);
		}
		Path node = Executables.find("node", "nodejs")
			.orElseThrow(() -> new IllegalStateException(INSTALL_HINT + ": no node found"));
		NpmProject.install(SOURCES, FILES, workDirectory, INSTALL_HINT);
		try {
			Path result = workDirectory.resolve("eventsource-clients-result.json");
			Path log = workDirectory.resolve("eventsource-clients.log");
			Files.deleteIfExists(result);
			Process process = new ProcessBuilder(node.toString(), SCRIPT, "--url-prefix",
					loadBalancer.resolve("/sse/register?taskId=").toString(), "--tasks", String.join(",", taskIds),
					"--streams-per-task", String.valueOf(streamsPerTask), "--out", result.toString())
				.directory(workDirectory.toFile())
				.redirectError(log.toFile())
				.start();
			return new EventSourceClients(process, result, log, taskIds.size() * streamsPerTask);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The streams' state, as the script last reported it (every 500 ms).
	 * @return the latest counts; all streams connecting before the first report
	 */
	Progress progress() {
		return this.progress;
	}

	/**
	 * Close every stream and collect what the streams received. A stream that had not
	 * closed by itself is reported in the state it had before.
	 * @param timeout the longest wait for the script to write its result and exit
	 * @return what each stream received
	 * @throws IllegalStateException if the script does not exit in time or fails
	 */
	Result stop(Duration timeout) {
		if (this.process.isAlive()) {
			try {
				this.process.getOutputStream().write("stop\n".getBytes(StandardCharsets.UTF_8));
				this.process.getOutputStream().flush();
			}
			catch (IOException ex) {
				// It exited meanwhile: its streams had all closed.
			}
		}
		return awaitExit(timeout, "stop");
	}

	/**
	 * Wait until every stream has closed by itself ({@code 204} for a finished task, or
	 * another status that ends a stream), then collect what the streams received.
	 * @param timeout the longest wait
	 * @return what each stream received
	 * @throws IllegalStateException if a stream is still open or connecting after the
	 * timeout, or the script fails
	 */
	Result awaitEnd(Duration timeout) {
		return awaitExit(timeout, "all close");
	}

	@Override
	public void close() {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// Already closed: the script stops on its own when its input closes.
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private Result awaitExit(Duration timeout, String what) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("The EventSource clients did not " + what + " within " + timeout + " ("
						+ this.progress + ")" + logTail());
			}
			this.progressReader.join(CLOSE_TIMEOUT);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the EventSource clients", ex);
		}
		if (this.process.exitValue() != 0 || !Files.isRegularFile(this.result)) {
			throw new IllegalStateException(
					"The EventSource clients failed (exit " + this.process.exitValue() + ")" + logTail());
		}
		return json.readValue(this.result.toFile(), Result.class);
	}

	private void readProgress() {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = output.readLine(); line != null; line = output.readLine()) {
				parseProgress(line).ifPresent((latest) -> this.progress = latest);
			}
		}
		catch (IOException ex) {
			// The process is gone; its exit code and log tell why.
		}
	}

	private static Optional<Progress> parseProgress(String line) {
		try {
			JsonNode node = json.readTree(line);
			return node.has("streams") ? Optional.of(json.treeToValue(node, Progress.class)) : Optional.empty();
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			if (lines.isEmpty()) {
				return ", nothing in " + this.log;
			}
			return ", the end of " + this.log + ":\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
		}
		catch (IOException ex) {
			return ", no log at " + this.log;
		}
	}

	/**
	 * The streams' state at one moment.
	 *
	 * @param streams how many streams there are
	 * @param open how many are open
	 * @param connecting how many are connecting or waiting to reconnect
	 * @param closed how many are closed (and will not reconnect)
	 * @param opens how many times streams opened so far, reconnects included
	 * @param events how many events the streams received so far, together
	 */
	record Progress(int streams, int open, int connecting, int closed, long opens, long events) {

	}

	/**
	 * What the streams received.
	 *
	 * @param streams each stream, in the order they were opened
	 */
	record Result(List<StreamResult> streams) {

		Result {
			streams = List.copyOf(streams);
		}

	}

	/**
	 * What one stream received.
	 *
	 * @param task the task it followed
	 * @param events the events it received, in order, of every type
	 * @param opens how many times it opened ({@code open} events: 1 + successful
	 * reconnects)
	 * @param errors how many {@code error} events it saw: each disconnect, failed
	 * reconnect, and the response that closed it
	 * @param errorStatuses the HTTP statuses of the errors that had one (a response other
	 * than {@code 200 text/event-stream}), in order; network errors and ended responses
	 * have none
	 * @param closedStatus the status of the response that closed it, such as {@code 204}
	 * after its task ended; {@code null} if it did not close by itself
	 * @param readyState its state when it closed by itself or was stopped: 0 connecting,
	 * 1 open, 2 closed
	 * @param maxLatenessMillis the longest time between an event's publication (the
	 * {@code at} field, epoch millis, of data that is a JSON object) and its arrival; 0
	 * without such events
	 */
	record StreamResult(String task, List<ReceivedEvent> events, int opens, int errors, List<Integer> errorStatuses,
			Integer closedStatus, int readyState, long maxLatenessMillis) {

		StreamResult {
			events = List.copyOf(events);
			errorStatuses = List.copyOf(errorStatuses);
		}

	}

	/**
	 * One event as a stream received it, written by the script as
	 * {@code [type, id, data]}.
	 *
	 * @param type the event type ({@code event:} name, or {@code message})
	 * @param id its {@code lastEventId}: the event's own {@code id:}, empty without one
	 * (unlike a browser's, which repeats the stream's last id)
	 * @param data its data
	 */
	@JsonFormat(shape = JsonFormat.Shape.ARRAY)
	@JsonPropertyOrder({ "type", "id", "data" })
	record ReceivedEvent(String type, String id, String data) {

	}

}
