package io.ssegate.e2e.browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.ssegate.e2e.browser.StreamPage.ReceivedEvent;
import io.ssegate.e2e.browser.StreamPage.Snapshot;
import io.ssegate.notifier.NotifyEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A page in a real browser follows ten tasks through nginx on one {@code EventSource}:
 * the browser's six connections per site over HTTP/1.1 stay free for the page's other
 * requests, which ten streams of one task each would block.
 */
class SeveralTasksInTheBrowserIntegrationTests {

	private static final String NAME = "several-tasks";

	private static final int TASKS = 10;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static BrowserCluster e2e;

	@BeforeAll
	static void start() {
		e2e = BrowserCluster.start(NAME, 3, "--ssegate.stream.reconnect-delay=500ms");
	}

	@AfterAll
	static void stop() {
		try (BrowserCluster e = e2e) {
			// closed in reverse order, the cluster last
		}
	}

	@Test
	void tenTasksOnOneStreamArriveExactlyOnceWhileThePageStillLoadsWhatElseItNeeds() {
		List<String> tasks = newTasks();
		StreamPage page = e2e.browser().open(e2e.cluster().loadBalancer());
		page.follow(tasks, true);
		await("stream open").atMost(Duration.ofSeconds(10)).until(page::snapshot, Snapshot::isOpen);

		page.fetchAtOnce("/style.css", 8);
		await("the page's other requests, while the tasks run").atMost(Duration.ofSeconds(5))
			.until(page::fetchesAnswered, (answered) -> answered == 8);

		for (int step = 1; step <= 3; step++) {
			for (String task : tasks) {
				e2e.notifier().publish(task, NotifyEvent.progress("step " + step));
			}
		}
		tasks.forEach((task) -> e2e.notifier().complete(task, "done"));

		Snapshot closed = await("stream completed after the last task, then 204").atMost(Duration.ofSeconds(20))
			.until(page::snapshot, Snapshot::isClosed);
		Map<String, List<String>> byTask = closed.events()
			.stream()
			.map((event) -> json.readTree(event.data()))
			.collect(Collectors.groupingBy((data) -> data.get("taskId").stringValue(),
					Collectors.mapping((JsonNode data) -> data.get("data").stringValue(), Collectors.toList())));
		assertThat(byTask.keySet()).containsExactlyInAnyOrderElementsOf(tasks);
		assertThat(byTask.values())
			.allSatisfy((data) -> assertThat(data).containsExactly("step 1", "step 2", "step 3", "done"));
		assertThat(closed.events()).extracting(ReceivedEvent::readyState).containsOnly(StreamPage.OPEN);
		assertThat(closed.events().getLast().id().split("\\.")).as("the last id holds every task's position")
			.hasSize(1 + TASKS)
			.startsWith("m1");
		assertThat(closed.opens()).as("one connection; the reconnect after the last END was refused").isOne();
		String path = "/sse/register?"
				+ tasks.stream().map((task) -> "taskId=" + task).collect(Collectors.joining("&"));
		await("no request after the 204").during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(e2e.cluster().statuses("GET", path)).containsExactly(200, 204));
	}

	@Test
	void theDemoPageFollowsThreeDemoTasksOnOneStreamUntilEachHasEnded() {
		DemoPage page = e2e.browser().openDemo(e2e.cluster().loadBalancer());

		List<String> tasks = page.startSeveralDemoTasks();

		DemoPage.View ended = await("every demo task ended").atMost(Duration.ofSeconds(30))
			.until(page::view, DemoPage.View::isClosed);
		assertThat(ended.status()).isEqualTo("ok");
		assertThat(tasks).hasSize(3);
		Map<String, List<String>> names = ended.log()
			.stream()
			.collect(Collectors.groupingBy((line) -> json.readTree(line.data()).get("taskId").stringValue(),
					Collectors.mapping(DemoPage.LogLine::name, Collectors.toList())));
		assertThat(names.keySet()).containsExactlyInAnyOrderElementsOf(tasks);
		assertThat(names.values()).allSatisfy(
				(events) -> assertThat(events).hasSize(10).endsWith("completed").containsOnly("progress", "completed"));
		assertThat(ended.log()).extracting(DemoPage.LogLine::id).doesNotHaveDuplicates();
	}

	@Test
	void tenStreamsOfOneTaskEachHoldBackThePagesOtherRequests() {
		StreamPage page = e2e.browser().open(e2e.cluster().loadBalancer());
		page.follow(newTasks(), false);
		await("the first six streams open").atMost(Duration.ofSeconds(10)).until(() -> page.snapshot().opens() >= 6);

		page.fetchAtOnce("/style.css", 8);

		await("the page's other requests wait for a free connection").during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(4))
			.until(page::fetchesAnswered, (answered) -> answered == 0);
	}

	private static List<String> newTasks() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		return IntStream.range(0, TASKS).mapToObj((i) -> "e2e-several-" + run + "-" + i).toList();
	}

}
