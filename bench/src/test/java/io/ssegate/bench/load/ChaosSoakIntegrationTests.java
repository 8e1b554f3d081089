package io.ssegate.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.ssegate.bench.load.ChaosSoak.Action;
import io.ssegate.bench.load.ChaosSoak.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos soak of {@code bench/soak.sh} for one minute, scaled down for a 2-core CI
 * machine: 600 streams over 60 tasks (6 of them quiet until Redis loses its data) at 120
 * events/s, through the nginx of {@code deploy/local/cluster.sh} to three nodes on one
 * Redis, while one node is killed and restarted, one is terminated and restarted, Redis
 * restarts with its data, a node is stopped for twice its heartbeat, and Redis restarts
 * without its data. Fails on any event lost without a gap signal, duplicated or
 * reordered, on a gap signal missing or out of place, and on a stream or task
 * subscription left on a node after the streams closed.
 */
class ChaosSoakIntegrationTests {

	private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);

	private static final Path ROOT = findRoot();

	private static final Path STATE = ROOT.resolve("bench/target/soak-cluster");

	@BeforeAll
	static void startCluster() {
		// nginx, Redis, the nodes' public ports, then their management ports.
		int[] ports = freePorts(8);
		runScript("start", "--nodes", "3", "--port", String.valueOf(ports[0]), "--redis-port", String.valueOf(ports[1]),
				"--node-port", String.valueOf(ports[2]), "--management-port", String.valueOf(ports[5]), "--jar",
				ROOT.resolve("gateway/target/gateway.jar").toString(), "--", "--ssegate.stream.heartbeat-interval=2s",
				"--ssegate.drain.grace-period=10s");
	}

	@AfterAll
	static void stopCluster() {
		runScript("stop");
	}

	@Test
	void nothingIsLostDuplicatedOrReorderedWhileNodesAndRedisRestart() {
		List<Action> actions = List.of(Action.KILL, Action.TERM, Action.REDIS_SAVE, Action.PAUSE, Action.REDIS_WIPE);
		Settings settings = new Settings(STATE, Duration.ofSeconds(60), 600, 60, 6, 120, Duration.ofSeconds(8),
				Duration.ofSeconds(4), actions, 15, 3);

		SoakResult result = new ChaosSoak(settings).run();

		System.out.println(result.summary());
		assertThat(result.actions()).as(result.summary())
			.isEqualTo(Map.of(Action.KILL, 1, Action.TERM, 1, Action.REDIS_SAVE, 1, Action.PAUSE, 1, Action.REDIS_WIPE,
					1));
		assertThat(result.settledInMillis()).as(result.summary()).isNotNegative();
		assertThat(result.open()).as(result.summary()).isEqualTo(600);
		assertThat(result.lostSilently()).as(result.summary()).isZero();
		assertThat(result.duplicates()).as(result.summary()).isZero();
		assertThat(result.reordered()).as(result.summary()).isZero();
		assertThat(result.delivered() - result.deliveredUnacknowledged()).as(result.summary())
			.isEqualTo(result.expected() - result.lostWithGap());
		assertThat(result.malformed() + result.misrouted()).as(result.summary()).isZero();
		// Gap signals: after the restart without data only, to every stream of the 54
		// tasks that had a history then (each had an id), to none of the quiet tasks'.
		assertThat(result.tasksHistoryLost()).as(result.summary()).isEqualTo(54);
		assertThat(result.streamsExpectingGap()).as(result.summary()).isEqualTo(540);
		assertThat(result.streamsWithGap()).as(result.summary()).isEqualTo(540);
		assertThat(result.tasksWithGap()).as(result.summary()).isEqualTo(54);
		assertThat(result.streamsWithSpuriousGap()).as(result.summary()).isZero();
		assertThat(result.streamsWithMissedGap()).as(result.summary()).isZero();
		// Once the streams closed, no node holds a stream or a task subscription.
		assertThat(result.leftOver()).as(result.summary()).isZero();
		assertThat(result.pass()).as(result.summary()).isTrue();
	}

	private static void runScript(String... args) {
		List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("deploy/local/cluster.sh").toString()));
		command.addAll(List.of(args));
		try {
			Files.createDirectories(STATE.getParent());
			Path output = STATE.resolveSibling("soak-cluster-" + args[0] + ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.redirectInput(Redirect.from(Path.of("/dev/null").toFile()));
			builder.environment().put("SSEGATE_CLUSTER_DIR", STATE.toString());
			// The JDK that runs the tests is a Java 21+ one: let the nodes use it too.
			builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
			// C1 only: the nodes start (and restart) faster on two cores; the soak checks
			// delivery, not speed.
			builder.environment()
				.put("SSEGATE_JAVA_OPTS", "-Xmx256m -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1");
			Process process = builder.start();
			if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				throw new IllegalStateException("cluster.sh " + args[0] + " did not finish within " + SCRIPT_TIMEOUT
						+ ":\n" + Files.readString(output));
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("cluster.sh " + args[0] + " failed (exit " + process.exitValue()
						+ "):\n" + Files.readString(output));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running cluster.sh", ex);
		}
	}

	private static Path findRoot() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("deploy/local/cluster.sh"))) {
				return dir;
			}
		}
		throw new IllegalStateException(
				"Not inside the repository: no deploy/local/cluster.sh above the working directory");
	}

	/**
	 * Consecutive free ports below the ephemeral range.
	 */
	private static int[] freePorts(int count) {
		for (int attempt = 0; attempt < 100; attempt++) {
			int first = ThreadLocalRandom.current().nextInt(20_000, 32_000 - count);
			boolean free = true;
			for (int i = 0; i < count && free; i++) {
				free = isFree(first + i);
			}
			if (free) {
				int[] ports = new int[count];
				for (int i = 0; i < count; i++) {
					ports[i] = first + i;
				}
				return ports;
			}
		}
		throw new IllegalStateException("No " + count + " consecutive free ports between 20000 and 32000");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
