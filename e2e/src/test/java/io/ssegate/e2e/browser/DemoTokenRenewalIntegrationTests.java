package io.ssegate.e2e.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.ssegate.e2e.browser.DemoPage.LogLine;
import io.ssegate.e2e.browser.DemoPage.View;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo page on nodes that require tokens, through nginx: it follows its demo task
 * with a short-lived subscribe token in an {@code HttpOnly} cookie, which it renews as it
 * goes. Every stream ends when its token expires (plus the clock skew allowance), and
 * {@code EventSource} reconnects with the renewed cookie, to any node, and resumes from
 * its last id: the page shows the whole task, each event once and in order.
 */
class DemoTokenRenewalIntegrationTests {

	private static final String NAME = "demo-token";

	private static final int STEPS = 100;

	private static final Duration STEP_INTERVAL = Duration.ofMillis(400);

	/**
	 * Streams end at the token's expiry plus 5 s (the gateway's clock skew allowance), so
	 * 5 to 8 s after they open with a token of 3 s, renewed every 1.5 s: the 40 s task
	 * outlives several of them.
	 */
	private static final Duration TOKEN_TTL = Duration.ofSeconds(3);

	private static final Duration TASK = STEP_INTERVAL.multipliedBy(STEPS);

	private static final Duration QUIET = Duration.ofSeconds(3);

	private static final Pattern STEP = Pattern.compile("\"step\":(\\d+)");

	private static LocalCluster cluster;

	private static Browser browser;

	@BeforeAll
	static void start() {
		cluster = LocalCluster.startSecured(NAME, 2, "--ssegate.demo.token-ttl=" + TOKEN_TTL.toSeconds() + "s",
				"--ssegate.demo.steps=" + STEPS, "--ssegate.demo.step-interval=" + STEP_INTERVAL.toMillis() + "ms",
				"--ssegate.stream.reconnect-delay=500ms", "--ssegate.drain.reconnect-jitter=500ms");
		browser = Browser.start(Path.of("target", "browser", NAME).toAbsolutePath());
	}

	@AfterAll
	static void stop() {
		try (LocalCluster c = cluster; Browser b = browser) {
			// closed in reverse order, the cluster last
		}
	}

	@Test
	void pageFollowsItsTaskPastSeveralTokenExpiriesAndGetsEveryEventOnceInOrder() throws Exception {
		assertThat(status(cluster.loadBalancer().resolve("/sse/register?taskId=without-a-token")))
			.as("a stream without a token: the nodes require tokens")
			.isEqualTo(401);
		DemoPage page = browser.openDemo(cluster.loadBalancer());
		String taskId = page.startDemoTask();

		View closed = await("the page stops following its task").atMost(TASK.plusSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(page::view, View::isClosed);
		assertThat(closed.status())
			.as("the task's final event on the page (notice: '%s', streams: %s)", closed.notice(),
					cluster.streamStatuses(taskId))
			.isEqualTo("ok");
		assertThat(closed.notice()).as("notice").isEmpty();

		// Each event once, in order: what the page shows is what was published.
		assertThat(closed.log()).extracting(LogLine::id).containsExactlyElementsOf(cluster.historyIds(taskId));
		assertThat(closed.log()).extracting(LogLine::name)
			.containsExactlyElementsOf(
					Stream.concat(Stream.generate(() -> "progress").limit(STEPS - 1), Stream.of("completed")).toList());
		assertThat(closed.log().subList(0, STEPS - 1)).extracting(DemoTokenRenewalIntegrationTests::step)
			.containsExactlyElementsOf(IntStream.range(1, STEPS).boxed().toList());

		// And nothing more: no late or repeated event, no other stream. nginx logs each
		// stream when it ends, the last one once the page has closed it.
		Seen seen = settled(() -> new Seen(page.view().log().size(), cluster.streamStatuses(taskId)));
		assertThat(seen.events()).as("events on the page").isEqualTo(closed.log().size());
		assertThat(seen.streams()).as("every stream of the task, each but the last ended at its token's expiry")
			.hasSizeGreaterThanOrEqualTo(3)
			.containsOnly(200);
		assertThat(cluster.statuses("POST", "/api/demo/tasks/" + taskId + "/token")).as("cookie renewals")
			.hasSizeGreaterThanOrEqualTo(seen.streams().size())
			.containsOnly(204);
	}

	/**
	 * A value once it has stayed the same for {@link #QUIET}.
	 */
	private static <T> T settled(Callable<T> value) {
		AtomicReference<T> previous = new AtomicReference<>();
		return await("nothing more").during(QUIET)
			.atMost(QUIET.plusSeconds(10))
			.until(value, (now) -> now.equals(previous.getAndSet(now)));
	}

	private static int step(LogLine line) {
		Matcher step = STEP.matcher(line.data());
		assertThat(step.find()).as("a progress event's step: %s", line.data()).isTrue();
		return Integer.parseInt(step.group(1));
	}

	/**
	 * What the page and nginx have seen of the task.
	 *
	 * @param events the events on the page
	 * @param streams the status of each stream nginx logged
	 */
	private record Seen(int events, List<Integer> streams) {

	}

	private static int status(URI uri) throws IOException, InterruptedException {
		try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
			HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
			return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
	}

}
