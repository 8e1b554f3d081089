package io.ssegate.testing.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The processes of one local deployment and the temporary directory holding their
 * configuration and logs. Closing it kills every process (SIGKILL: nothing is persisted)
 * and deletes the directory; a JVM shutdown hook does the same when a test run is
 * interrupted. Directories left behind by a JVM that was itself killed are reaped
 * (processes and files) when the next group is created.
 */
final class ProcessGroup implements AutoCloseable {

	private static final String PREFIX = "ssegate-redis-";

	private static final String OWNER_FILE = "owner";

	private static final String PIDS_FILE = "pids";

	private final Path directory;

	private final List<RedisProcess> processes = new ArrayList<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final Thread shutdownHook;

	private ProcessGroup(Path directory) {
		this.directory = directory;
		this.shutdownHook = new Thread(this::destroy, directory.getFileName() + "-shutdown");
	}

	/**
	 * Create a group in a new temporary directory.
	 * @param kind a short name for the directory ({@code cluster}, {@code sentinel})
	 */
	static ProcessGroup create(String kind) {
		reapLeftovers();
		try {
			Path directory = Files.createTempDirectory(PREFIX + kind + "-").toAbsolutePath();
			Files.writeString(directory.resolve(OWNER_FILE), owner(ProcessHandle.current()));
			ProcessGroup group = new ProcessGroup(directory);
			Runtime.getRuntime().addShutdownHook(group.shutdownHook);
			return group;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path directory() {
		return this.directory;
	}

	/**
	 * A process of this group, not started yet, logging to {@code <name>.log}.
	 */
	RedisProcess process(Path binary, String name, int port, List<String> arguments) {
		RedisProcess process = new RedisProcess(binary, port, arguments, this.directory.resolve(name + ".log"),
				this::recordPid);
		synchronized (this.processes) {
			this.processes.add(process);
		}
		return process;
	}

	/**
	 * The tails of the logs of all processes, for an exception message.
	 */
	String logTails() {
		synchronized (this.processes) {
			return this.processes.stream()
				.map((process) -> "--- " + process + (process.isAlive() ? "" : " (not running)") + ":\n"
						+ process.logTail())
				.collect(Collectors.joining("\n"));
		}
	}

	/**
	 * Record a started process, so that it can be reaped if this JVM dies without running
	 * its shutdown hooks. Redis rewrites its process title, so the command line cannot
	 * tell which directory a process belongs to.
	 */
	private void recordPid(ProcessHandle handle) {
		try {
			Files.writeString(this.directory.resolve(PIDS_FILE), owner(handle) + "\n", StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			// reaping is best effort
		}
	}

	private void killAll() {
		List<RedisProcess> all;
		synchronized (this.processes) {
			all = List.copyOf(this.processes);
		}
		for (RedisProcess process : all) {
			try {
				process.kill();
			}
			catch (RuntimeException ex) {
				// keep killing the others
			}
		}
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down already
		}
		destroy();
	}

	private void destroy() {
		killAll();
		delete(this.directory);
	}

	private static String owner(ProcessHandle handle) {
		return handle.pid() + " " + handle.info().startInstant().map(Object::toString).orElse("?");
	}

	private static void reapLeftovers() {
		Path temp = Path.of(System.getProperty("java.io.tmpdir"));
		try (DirectoryStream<Path> directories = Files.newDirectoryStream(temp, PREFIX + "*")) {
			for (Path directory : directories) {
				if (ownerIsGone(directory)) {
					killProcessesOf(directory);
					delete(directory);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// reaping is best effort
		}
	}

	private static boolean ownerIsGone(Path directory) throws IOException {
		Path ownerFile = directory.resolve(OWNER_FILE);
		return Files.exists(ownerFile) && running(Files.readString(ownerFile, StandardCharsets.UTF_8).trim()).isEmpty();
	}

	private static void killProcessesOf(Path directory) throws IOException {
		Path pids = directory.resolve(PIDS_FILE);
		if (Files.exists(pids)) {
			for (String line : Files.readAllLines(pids, StandardCharsets.UTF_8)) {
				running(line.trim()).ifPresent(ProcessHandle::destroyForcibly);
			}
		}
	}

	/**
	 * The process an {@link #owner(ProcessHandle)} line names, if it still runs (the same
	 * pid and start time, so a reused pid is not mistaken for it).
	 */
	private static Optional<ProcessHandle> running(String owner) {
		int space = owner.indexOf(' ');
		if (space < 0) {
			return Optional.empty();
		}
		return ProcessHandle.of(Long.parseLong(owner.substring(0, space)))
			.filter((handle) -> owner(handle).equals(owner));
	}

	private static void delete(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// a leftover temp file is not worth failing a test for
		}
	}

}
