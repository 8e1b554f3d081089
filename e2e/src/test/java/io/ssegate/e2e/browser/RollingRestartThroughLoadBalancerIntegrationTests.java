package io.ssegate.e2e.browser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.ssegate.e2e.Repository;
import io.ssegate.e2e.browser.EventSourceClients.ReceivedEvent;
import io.ssegate.e2e.browser.EventSourceClients.Result;
import io.ssegate.e2e.browser.EventSourceClients.StreamResult;
import io.ssegate.e2e.browser.LocalCluster.Node;
import io.ssegate.e2e.browser.StreamPage.Snapshot;
import io.ssegate.notifier.NotifyEvent;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling restart behind nginx with {@code deploy/nginx/ssegate.conf} as shipped, on
 * nodes with their shipped settings: 500 spec-following {@code EventSource} clients (the
 * npm {@code eventsource} package) follow 100 tasks, and a browser follows one more,
 * while 100 events/s are published and each node in turn is sent SIGTERM, drains and
 * starts again ({@code cluster.sh restart}), 10 s apart, as a deploy does. The restart
 * runs once, for the whole class; each test checks one side of it. Every stream must
 * resume exactly, get no status that ends an {@code EventSource}, and the streams must
 * spread over the nodes again afterwards.
 */
class RollingRestartThroughLoadBalancerIntegrationTests {

	private static final String NAME = "rolling-restart";

	private static final int TASKS = 100;

	private static final int STREAMS_PER_TASK = 5;

	private static final int STREAMS = TASKS * STREAMS_PER_TASK;

	private static final Duration PAUSE = Duration.ofSeconds(10);

	/** How long the nodes may take to spread the streams again, after the restart. */
	private static final Duration REBALANCE_LIMIT = Duration.ofSeconds(60);

	private static final List<String> taskIds = IntStream.range(0, TASKS)
		.mapToObj((i) -> "rolling-" + i + "-" + UUID.randomUUID())
		.toList();

	private static final String browserTask = "rolling-browser-" + UUID.randomUUID();

	/** The ids of each task's events, in the order they were published. */
	private static final Map<String, List<String>> published = new ConcurrentHashMap<>();

	private static final List<String> spreadLog = new CopyOnWriteArrayList<>();

	private static BrowserCluster e2e;

	private static Result clients;

	private static Snapshot page;

	private static List<Integer> spreadBefore;

	private static List<Integer> spreadAfter;

	private static long rebalancedInMillis = -1;

	@BeforeAll
	static void restartEveryNodeWhileStreamsFollowTheirTasks() throws Exception {
		e2e = BrowserCluster.start(NAME, 3);
		taskIds.forEach((taskId) -> published.put(taskId, Collections.synchronizedList(new ArrayList<>())));
		published.put(browserTask, Collections.synchronizedList(new ArrayList<>()));
		Path work = LocalCluster.stateDirectory(NAME).resolveSibling(NAME + "-clients");
		try (EventSourceClients streams = EventSourceClients.start(work, e2e.cluster().loadBalancer(), taskIds,
				STREAMS_PER_TASK)) {
			StreamPage browser = e2e.browser().open(e2e.cluster().loadBalancer());
			browser.follow(browserTask);
			await("every stream open").atMost(Duration.ofSeconds(60))
				.until(() -> streams.progress().open() == STREAMS && browser.snapshot().isOpen());
			spreadBefore = spread();
			ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
			AtomicLong sequence = new AtomicLong();
			load.scheduleAtFixedRate(() -> publishNext(sequence.getAndIncrement()), 0, 10, TimeUnit.MILLISECONDS);
			load.scheduleAtFixedRate(() -> spreadLog.add(spread().toString()), 0, 1, TimeUnit.SECONDS);
			try {
				e2e.cluster().rollingRestart(PAUSE, Duration.ofMinutes(5));
				long restarted = System.nanoTime();
				spreadAfter = awaitEvenSpread();
				if (isEven(spreadAfter)) {
					rebalancedInMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
				}
			}
			finally {
				load.shutdown();
				load.awaitTermination(10, TimeUnit.SECONDS);
			}
			published.forEach((taskId, ids) -> ids.add(e2e.notifier().complete(taskId, "done")));
			clients = streams.awaitEnd(Duration.ofSeconds(60));
			page = await("the page's stream closed by the server").atMost(Duration.ofSeconds(30))
				.until(browser::snapshot, Snapshot::isClosed);
		}
		finally {
			System.out.println(report());
		}
	}

	@AfterAll
	static void stop() {
		if (e2e != null) {
			e2e.close();
		}
	}

	@Test
	void everyStreamGetsEveryEventOnceInOrderAndEndsAtItsTasksEnd() {
		assertThat(clients.streams()).hasSize(STREAMS);
		for (StreamResult stream : clients.streams()) {
			assertThat(stream.events()).as(stream.task())
				.extracting(ReceivedEvent::id)
				.containsExactlyElementsOf(published.get(stream.task()));
			assertThat(stream.closedStatus()).as("%s ends with the 204 after its END", stream.task()).isEqualTo(204);
		}
	}

	@Test
	void noStreamGetsAStatusThatEndsAnEventSource() {
		assertThat(clients.streams()).flatExtracting(StreamResult::errorStatuses).containsOnly(204);
		assertThat(e2e.cluster().streamStatuses(browserTask)).containsOnly(200, 204).endsWith(204);
	}

	/**
	 * A moved stream comes back without waiting the reconnect delay (3 s as shipped): the
	 * median of the streams' longest silences stays well below it. The p99 figure (the
	 * issue's target of 2 s) is a measurement, reported by this test and in
	 * BENCHMARKS.md, not asserted: on a shared 2-core machine it moves by half a second
	 * between runs.
	 */
	@Test
	void aMovedStreamDoesNotWaitTheReconnectDelay() {
		Duration reconnectDelay = Repository.gatewayDefault("ssegate.stream.reconnect-delay");
		List<Long> silences = silences();
		assertThat(silences.get(silences.size() / 2)).as("median of %s", silences)
			.isLessThan(reconnectDelay.toMillis());
	}

	@Test
	void theStreamsSpreadOverEveryNodeAgain() {
		assertThat(isEven(spreadAfter)).as(report()).isTrue();
		assertThat(rebalancedInMillis).as(report()).isNotNegative();
	}

	@Test
	void aBrowserFollowsItsTaskThroughEveryRestartWithEveryEventOnceInOrder() {
		assertThat(page.events()).extracting(StreamPage.ReceivedEvent::id)
			.containsExactlyElementsOf(published.get(browserTask));
		// Its node was restarted at some point: it opened at least twice.
		assertThat(page.opens()).as("opened again after the restart that moved it").isGreaterThanOrEqualTo(2);
	}

	/**
	 * Wait until the streams are spread evenly, at most {@link #REBALANCE_LIMIT}.
	 * @return the spread then, even or not (the tests judge it)
	 */
	private static List<Integer> awaitEvenSpread() {
		try {
			return await("the streams spread over the nodes again").atMost(REBALANCE_LIMIT)
				.pollInterval(Duration.ofMillis(500))
				.until(RollingRestartThroughLoadBalancerIntegrationTests::spread,
						RollingRestartThroughLoadBalancerIntegrationTests::isEven);
		}
		catch (ConditionTimeoutException ex) {
			return spread();
		}
	}

	private static void publishNext(long sequence) {
		int index = (int) (sequence % (TASKS + 1));
		String taskId = (index == TASKS) ? browserTask : taskIds.get(index);
		Map<String, Object> data = Map.of("seq", sequence, "at", System.currentTimeMillis());
		published.get(taskId).add(e2e.notifier().publish(taskId, NotifyEvent.progress(data)));
	}

	/**
	 * Each node's open streams, in node order.
	 */
	private static List<Integer> spread() {
		List<Integer> streams = new ArrayList<>();
		for (Node node : e2e.cluster().nodes()) {
			streams.add(e2e.cluster().activeStreams(node));
		}
		return streams;
	}

	/**
	 * Whether every node holds at least half of the average and at most its share plus
	 * the rebalancing tolerance, with every stream open.
	 */
	private static boolean isEven(List<Integer> spread) {
		int total = spread.stream().mapToInt(Integer::intValue).sum();
		double average = total / (double) spread.size();
		return total >= STREAMS && spread.stream().allMatch((streams) -> streams >= average / 2)
				&& spread.stream().allMatch((streams) -> streams <= average * 1.25 + 1);
	}

	/**
	 * The longest time each stream was without its events: the latest any of its events
	 * arrived after it was published, in milliseconds, sorted.
	 */
	private static List<Long> silences() {
		return clients.streams().stream().map(StreamResult::maxLatenessMillis).sorted().toList();
	}

	private static String report() {
		StringBuilder report = new StringBuilder("Rolling restart of 3 nodes, ").append(STREAMS)
			.append(" EventSource streams and a browser:\n");
		report.append("  spread before: ").append(spreadBefore).append(", after: ").append(spreadAfter);
		report.append(", rebalanced ").append(rebalancedInMillis).append(" ms after the last node answered\n");
		report.append("  spread every second: ").append(spreadLog).append('\n');
		if (clients != null) {
			List<Long> silences = silences();
			report.append("  longest silence per stream: p50 ")
				.append(silences.get(silences.size() / 2))
				.append(" ms, p99 ")
				.append(silences.get((int) Math.ceil(silences.size() * 0.99) - 1))
				.append(" ms, max ")
				.append(silences.get(silences.size() - 1))
				.append(" ms; opens per stream: ")
				.append(clients.streams().stream().mapToInt(StreamResult::opens).summaryStatistics());
		}
		return report.toString();
	}

}
