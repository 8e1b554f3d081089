package io.ssegate.e2e.browser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.ssegate.e2e.browser.StreamPage.ReceivedEvent;
import io.ssegate.e2e.browser.StreamPage.Snapshot;
import io.ssegate.notifier.NotifyEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real browser's {@code EventSource} through nginx (the shared
 * {@code deploy/nginx/ssegate.conf}) to three gateway nodes on one Redis, with events
 * published by notifier-client.
 */
class StreamThroughLoadBalancerIntegrationTests {

	private static final String NAME = "stream";

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
	void eachEventArrivesWhileTheStreamIsOpenInOrderAndTheEndStatusClosesIt() {
		String taskId = "e2e-stream-" + UUID.randomUUID();
		StreamPage page = e2e.browser().open(e2e.cluster().loadBalancer());
		assertThat(page.title()).as("the demo page, through nginx").isEqualTo("ssegate");
		page.follow(taskId);
		await("stream open").atMost(Duration.ofSeconds(10)).until(() -> page.snapshot(), Snapshot::isOpen);

		List<String> ids = new ArrayList<>();
		for (int step = 1; step <= 3; step++) {
			ids.add(e2e.notifier().publish(taskId, NotifyEvent.progress("step " + step)));
			int published = step;
			// Arrives before anything else is published, on the open stream: nothing is
			// held back until the stream ends.
			Snapshot snapshot = await("event " + step).atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> page.snapshot(), (state) -> state.events().size() >= published);
			assertThat(snapshot.events()).hasSize(published);
			assertThat(snapshot.isOpen()).isTrue();
		}
		ids.add(e2e.notifier().complete(taskId, "done"));

		// After END the server completes the stream; EventSource reconnects with the
		// final
		// id, gets 204 No Content and stops for good.
		Snapshot closed = await("stream closed by the server").atMost(Duration.ofSeconds(15))
			.until(() -> page.snapshot(), Snapshot::isClosed);
		assertThat(closed.events()).extracting(ReceivedEvent::id).containsExactlyElementsOf(ids);
		assertThat(closed.events()).extracting(ReceivedEvent::data)
			.containsExactly("step 1", "step 2", "step 3", "done");
		assertThat(closed.events()).extracting(ReceivedEvent::type)
			.containsExactly("progress", "progress", "progress", "completed");
		assertThat(closed.events()).extracting(ReceivedEvent::readyState).containsOnly(StreamPage.OPEN);
		assertThat(closed.opens()).as("opened once: the reconnect after END was refused").isEqualTo(1);
		// EventSource closes on any answer but 200, so only nginx's log tells the 204 of
		// a
		// finished task from a 503 or a 500; and no request may follow the 204.
		await("the stream and the reconnect after END, as nginx answered them").atMost(Duration.ofSeconds(5))
			.until(() -> e2e.cluster().streamStatuses(taskId), (statuses) -> statuses.size() >= 2);
		await("no request after the 204").during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(e2e.cluster().streamStatuses(taskId)).containsExactly(200, 204));
	}

}
