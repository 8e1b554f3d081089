package io.ssegate.e2e.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import io.ssegate.e2e.browser.Browser;
import io.ssegate.e2e.browser.LocalCluster;
import io.ssegate.notifier.Notifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The browser client ({@code clients/js}) in Chromium, through nginx to two nodes on one
 * Redis: a page grows its stream from 1 to 10 tasks and shrinks it back, and keeps
 * following when the node that holds its stream is killed. Every event arrives once, in
 * order, for each task.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserClientIntegrationTests {

	private static final String NAME = "browser-client";

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration QUIET = Duration.ofSeconds(3);

	private static LocalCluster cluster;

	private static Notifier notifier;

	private static Browser browser;

	@BeforeAll
	static void start() {
		cluster = LocalCluster.start(NAME, 2, "--ssegate.stream.reconnect-delay=500ms",
				"--ssegate.drain.reconnect-jitter=500ms");
		notifier = Notifier.create(cluster.redisUrl());
		browser = Browser.start(Path.of("target", "browser", NAME).toAbsolutePath());
	}

	@AfterAll
	static void stop() {
		try (LocalCluster c = cluster; Notifier n = notifier; Browser b = browser) {
			// closed in reverse order, the cluster last
		}
	}

	@Test
	@Order(1)
	void pageGrowsItsStreamFromOneToTenTasksAndBackWhileEventsFlow() {
		List<String> tasks = newTasks(10);
		String first = tasks.getFirst();
		ClientPage page = browser.open(cluster.loadBalancer(), ClientPage::new);
		page.follow(List.of(first), null);
		int rounds;
		try (Publisher publisher = Publisher.start(notifier, tasks, Duration.ofMillis(100))) {
			for (String task : tasks.subList(1, tasks.size())) {
				page.add(task);
				await("events of " + task).atMost(WAIT).until(() -> !page.received().of(task).isEmpty());
			}
			for (String task : tasks.subList(1, tasks.size()).reversed()) {
				int before = page.received().of(first).size();
				await("more events of the first task").atMost(WAIT)
					.until(() -> page.received().of(first).size() >= before + 2);
				page.remove(task);
			}
			rounds = publisher.stop();
		}
		notifier.complete(first, "done");

		await("the page's client ends").atMost(WAIT).until(() -> page.received().ended());
		ClientPage.Received received = settled(page);
		assertThat(received.of(first)).as("the task followed throughout")
			.containsExactlyElementsOf(Expected.roundsThenDone(rounds));
		for (String task : tasks.subList(1, tasks.size())) {
			List<String> data = received.of(task);
			assertThat(data).as("%s, from its history until it was removed", task)
				.isNotEmpty()
				.containsExactlyElementsOf(Expected.rounds(1, data.size()));
		}
		assertThat(received.gaps()).isEmpty();
	}

	@Test
	@Order(2)
	void pageKeepsFollowingWhenTheNodeThatHoldsItsStreamIsKilled() {
		List<String> tasks = newTasks(3);
		ClientPage page = browser.open(cluster.loadBalancer(), ClientPage::new);
		page.follow(tasks, null);
		int rounds;
		try (Publisher publisher = Publisher.start(notifier, tasks, Duration.ofMillis(100))) {
			await("events on the stream").atMost(WAIT)
				.until(() -> tasks.stream().allMatch((task) -> page.received().of(task).size() >= 3));
			LocalCluster.Node holder = await("the node that holds the stream").atMost(WAIT)
				.until(() -> cluster.nodes().stream().filter((node) -> cluster.activeStreams(node) > 0).findFirst(),
						Optional::isPresent)
				.orElseThrow();
			int before = page.received().of(tasks.getFirst()).size();
			cluster.kill(holder);
			await("events after the node died").atMost(WAIT)
				.until(() -> page.received().of(tasks.getFirst()).size() >= before + 5);
			rounds = publisher.stop();
		}
		tasks.forEach((task) -> notifier.complete(task, "done"));

		await("the page's client ends").atMost(WAIT).until(() -> page.received().ended());
		ClientPage.Received received = settled(page);
		assertThat(tasks).allSatisfy((task) -> assertThat(received.of(task)).as(task)
			.containsExactlyElementsOf(Expected.roundsThenDone(rounds)));
		assertThat(received.gaps()).isEmpty();
	}

	/**
	 * What the page received once nothing more arrives for {@link #QUIET}.
	 */
	static ClientPage.Received settled(ClientPage page) {
		AtomicReference<ClientPage.Received> previous = new AtomicReference<>();
		return await("nothing more arrives").during(QUIET)
			.atMost(QUIET.plusSeconds(10))
			.until(page::received, (now) -> now.equals(previous.getAndSet(now)));
	}

	static List<String> newTasks(int count) {
		String run = UUID.randomUUID().toString().substring(0, 8);
		return IntStream.range(0, count).mapToObj((i) -> "e2e-client-" + run + "-" + i).toList();
	}

}
