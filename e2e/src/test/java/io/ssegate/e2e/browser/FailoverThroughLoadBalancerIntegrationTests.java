package io.ssegate.e2e.browser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.ssegate.e2e.browser.LocalCluster.Node;
import io.ssegate.e2e.browser.StreamPage.ReceivedEvent;
import io.ssegate.e2e.browser.StreamPage.Snapshot;
import io.ssegate.notifier.NotifyEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node that holds a browser's stream is stopped ({@code SIGTERM}) mid-stream: the
 * browser reconnects through nginx to another node and resumes from its
 * {@code Last-Event-ID}, without sticky sessions. (A node killed with {@code kill -9}:
 * {@link StreamsThroughEachProxyIntegrationTests}, through each proxy.)
 */
class FailoverThroughLoadBalancerIntegrationTests {

	private static final String NAME = "failover";

	private static BrowserCluster e2e;

	@BeforeAll
	static void start() {
		e2e = BrowserCluster.start(NAME, 3, "--ssegate.stream.reconnect-delay=500ms",
				"--ssegate.drain.reconnect-jitter=1s");
	}

	@AfterAll
	static void stop() {
		try (BrowserCluster e = e2e) {
			// closed in reverse order, the cluster last
		}
	}

	@Test
	void pageGetsEveryEventExactlyOnceInOrderWhenItsNodeIsStoppedWithSigterm() {
		String taskId = "e2e-sigterm-" + UUID.randomUUID();
		Map<Node, Long> before = e2e.cluster().subscriptions();
		StreamPage page = e2e.browser().open(e2e.cluster().loadBalancer());
		page.follow(taskId);
		await("stream open").atMost(Duration.ofSeconds(10)).until(() -> page.snapshot(), Snapshot::isOpen);

		List<String> ids = new ArrayList<>();
		List<String> data = new ArrayList<>();
		publish(taskId, 1, 3, ids, data);
		awaitEvents(page, 3);
		Node first = e2e.cluster().awaitNodeServingNewStream(before, null);

		CompletableFuture<Void> stopping = CompletableFuture
			.runAsync(() -> e2e.cluster().terminate(first, Duration.ofSeconds(30)));
		// Published while the node drains and the browser moves to another node.
		publish(taskId, 4, 6, ids, data);
		stopping.join();
		// The drain ended the stream itself (retry hint), none was left to be cut.
		assertThat(e2e.cluster().log(first)).contains("Draining: refusing new streams")
			.contains("Drained: closed 0 streams that were still open");
		awaitEvents(page, 6);
		Node second = e2e.cluster().awaitNodeServingNewStream(before, first);
		assertThat(second).isNotEqualTo(first);

		finishAndAssertEveryEventOnce(page, taskId, ids, data, "the first stream, and the one after the drain");
		// nginx logs a request once it ends: the drained stream, the resumed one, the
		// 204.
		await("no request after the 204").during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(e2e.cluster().streamStatuses(taskId)).containsExactly(200, 200, 204));
	}

	/**
	 * Publish the last events and END, then check that the page received every event
	 * once, in order, over two streams, and that the server closed the stream.
	 */
	private static void finishAndAssertEveryEventOnce(StreamPage page, String taskId, List<String> ids,
			List<String> data, String twoStreams) {
		publish(taskId, 7, 8, ids, data);
		ids.add(e2e.notifier().complete(taskId, "done"));
		data.add("done");
		Snapshot closed = await("stream closed by the server").atMost(Duration.ofSeconds(15))
			.until(() -> page.snapshot(), Snapshot::isClosed);
		assertThat(closed.events()).extracting(ReceivedEvent::id).containsExactlyElementsOf(ids);
		assertThat(closed.events()).extracting(ReceivedEvent::data).containsExactlyElementsOf(data);
		assertThat(closed.opens()).as(twoStreams).isEqualTo(2);
	}

	private static void publish(String taskId, int from, int to, List<String> ids, List<String> data) {
		for (int step = from; step <= to; step++) {
			ids.add(e2e.notifier().publish(taskId, NotifyEvent.progress("step " + step)));
			data.add("step " + step);
		}
	}

	private static void awaitEvents(StreamPage page, int count) {
		await(count + " events").atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> page.snapshot(), (state) -> state.events().size() >= count && state.isOpen());
	}

}
