package io.ssegate.e2e.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
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
import tools.jackson.databind.json.JsonMapper;

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

	/**
	 * How long after its {@code exp} the gateway accepts a token, and so when a stream
	 * opened with it ends (README, "Tokens").
	 */
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

	/**
	 * What each node's Jetty request log, on for this test only, writes of every request
	 * when it ends (to the node's output, which cluster.sh keeps in
	 * {@code node-<n>.log}): when it began, to the millisecond, how long it took, and the
	 * subscribe token in its cookie ({@code ssegate.security.cookie-name}, a demo token
	 * signed with this cluster's throwaway key). nginx's access log has neither the
	 * milliseconds nor the token, and the page cannot read its {@code HttpOnly} cookie.
	 */
	private static final String REQUEST_LOG_FORMAT = "request-log %{yyyy-MM-dd'T'HH:mm:ss.SSSXXX|UTC}t %{ms}T \"%r\" %s %{ssegate_token}C";

	private static final Pattern REQUEST_LOG_LINE = Pattern
		.compile("^request-log \\[(\\S+)] (\\d+) \"([^\"]*) HTTP/[^\"]*\" (\\d{3}) (\\S+)$");

	/**
	 * How much earlier than its token's expiry plus {@link #CLOCK_SKEW} a stream may end,
	 * and how much later. Both times are exact and from one clock: the end is what the
	 * node that held the stream logged (its wall clock start plus its monotonic duration,
	 * in milliseconds), the expiry is the {@code exp} of the very cookie that stream
	 * carried. So neither the retry jitter (it only delays the next stream's start) nor
	 * nginx's one-second log times nor the test's polling enter into it. What remains:
	 * early, the log's rounding to milliseconds (the gateway ends a stream at its token's
	 * end, never before); late, the node's scheduler ending the stream and the response
	 * completing on two shared cores that also run the browser, nginx, Redis and the
	 * other node: a few tens of milliseconds in our runs, and well under the second by
	 * which an allowance or an expiry off by one second would miss.
	 */
	private static final Duration MAY_END_EARLY_BY = Duration.ofMillis(50);

	private static final Duration MAY_END_LATE_BY = Duration.ofMillis(500);

	private static LocalCluster cluster;

	private static Browser browser;

	@BeforeAll
	static void start() {
		cluster = LocalCluster.startSecured(NAME, 2, "--ssegate.demo.token-ttl=" + TOKEN_TTL.toSeconds() + "s",
				"--ssegate.demo.steps=" + STEPS, "--ssegate.demo.step-interval=" + STEP_INTERVAL.toMillis() + "ms",
				"--ssegate.stream.reconnect-delay=500ms", "--ssegate.drain.reconnect-jitter=500ms",
				"--server.jetty.accesslog.enabled=true",
				"--server.jetty.accesslog.custom-format=" + REQUEST_LOG_FORMAT);
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
		assertThat(seen.streams()).as("every stream of the task").hasSizeGreaterThanOrEqualTo(3).containsOnly(200);
		// Each stream but the last (which the page closed after the final event) ended
		// when its token stopped being accepted, as the node that held it logged it.
		List<NodeStream> streams = await("every stream of the task in the nodes' request logs")
			.atMost(Duration.ofSeconds(10))
			.until(() -> nodeStreams(taskId), (logged) -> logged.size() == seen.streams().size());
		assertThat(streams.subList(0, streams.size() - 1))
			.as("streams that ended before the last one, each at its token's expiry plus %s", CLOCK_SKEW)
			.allSatisfy((stream) -> assertThat(stream.endAfterTokenEnd()).isBetween(MAY_END_EARLY_BY.negated(),
					MAY_END_LATE_BY));
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

	/**
	 * The streams of a task that the nodes answered with 200, from their request logs, in
	 * the order they ended.
	 */
	private static List<NodeStream> nodeStreams(String taskId) {
		String request = "GET /sse/register?taskId=" + taskId;
		return cluster.nodes()
			.stream()
			.flatMap((node) -> cluster.log(node).lines())
			.map(REQUEST_LOG_LINE::matcher)
			.filter((line) -> line.matches() && line.group(3).equals(request) && line.group(4).equals("200"))
			.map((line) -> new NodeStream(Instant.parse(line.group(1)).plusMillis(Long.parseLong(line.group(2))),
					expiry(line.group(5))))
			.sorted(Comparator.comparing(NodeStream::end))
			.toList();
	}

	/**
	 * The {@code exp} of a token; a JWT's claims are readable without its key.
	 */
	private static Instant expiry(String token) {
		String[] parts = token.split("\\.");
		assertThat(parts).as("a stream's token, a JWT: %s", token).hasSize(3);
		long exp = new JsonMapper().readTree(Base64.getUrlDecoder().decode(parts[1])).get("exp").asLong();
		return Instant.ofEpochSecond(exp);
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

	/**
	 * A stream as the node that held it logged it.
	 *
	 * @param end when it ended
	 * @param tokenExpiry the {@code exp} of the token it was opened with
	 */
	private record NodeStream(Instant end, Instant tokenExpiry) {

		/**
		 * How long after its token stopped being accepted the stream ended.
		 */
		Duration endAfterTokenEnd() {
			return Duration.between(this.tokenExpiry.plus(CLOCK_SKEW), this.end);
		}

	}

	private static int status(URI uri) throws IOException, InterruptedException {
		try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
			HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
			return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
	}

}
