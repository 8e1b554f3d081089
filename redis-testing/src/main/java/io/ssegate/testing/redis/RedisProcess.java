package io.ssegate.testing.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * One {@code redis-server} process (a data node or a sentinel) on a fixed loopback port,
 * its output appended to a log file. It can be killed and started again on the same port
 * with the same arguments.
 */
final class RedisProcess {

	static final String HOST = "127.0.0.1";

	private static final int LOG_TAIL_LINES = 40;

	private final Path binary;

	private final int port;

	private final List<String> arguments;

	private final Path log;

	private final Consumer<ProcessHandle> started;

	private @Nullable Process process;

	RedisProcess(Path binary, int port, List<String> arguments, Path log, Consumer<ProcessHandle> started) {
		this.binary = binary;
		this.port = port;
		this.arguments = List.copyOf(arguments);
		this.log = log;
		this.started = started;
	}

	static Path requireBinary(String deployment) {
		return RedisBinaryServer.findBinary()
			.orElseThrow(() -> new IllegalStateException(deployment
					+ " needs a redis-server binary on the PATH (Debian/Ubuntu: apt-get install -y redis-server;"
					+ " macOS: brew install redis); no Docker image is used"));
	}

	/**
	 * Distinct free loopback ports, all held open together while choosing so that none is
	 * handed out twice.
	 */
	static int[] freePorts(int count) {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0);
				sockets.add(socket);
				ports[i] = socket.getLocalPort();
			}
			return ports;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// best effort
				}
			}
		}
	}

	int port() {
		return this.port;
	}

	/**
	 * Start the process with its arguments, followed by extra ones; it does not wait.
	 */
	synchronized void start(List<String> extraArguments) {
		if (isAlive()) {
			throw new IllegalStateException("redis-server on port " + this.port + " is already running");
		}
		List<String> command = new ArrayList<>();
		command.add(this.binary.toString());
		command.addAll(this.arguments);
		command.addAll(extraArguments);
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
		this.started.accept(this.process.toHandle());
	}

	synchronized boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Wait until the process answers {@code PING} on its port.
	 * @throws IllegalStateException if it exits or does not answer in time, with the tail
	 * of its log
	 */
	void awaitPing(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!ping()) {
			if (!isAlive() || System.nanoTime() > deadline) {
				String state = isAlive() ? "did not answer PING within " + timeout : "exited";
				kill();
				throw new IllegalStateException(
						"redis-server on port " + this.port + " " + state + "; log " + this.log + ":\n" + logTail());
			}
			Polling.pause();
		}
	}

	private boolean ping() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, this.port), 200);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = in.readNBytes(7);
			return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Kill the process and any child it forked (a replication or RDB child) with SIGKILL,
	 * and wait until it is gone. Does nothing when it is not running.
	 */
	synchronized void kill() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		running.descendants().forEach(ProcessHandle::destroyForcibly);
		running.destroyForcibly();
		try {
			if (!running.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server on port " + this.port + " survived SIGKILL");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	String logTail() {
		try {
			if (!Files.exists(this.log)) {
				return "(no log)";
			}
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	@Override
	public String toString() {
		return HOST + ":" + this.port;
	}

}
