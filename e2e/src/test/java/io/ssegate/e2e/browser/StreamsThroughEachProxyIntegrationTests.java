package io.ssegate.e2e.browser;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ssegate.e2e.browser.LocalCluster.Node;
import io.ssegate.e2e.browser.StreamPage.ReceivedEvent;
import io.ssegate.e2e.browser.StreamPage.Snapshot;
import io.ssegate.notifier.NotifyEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A real browser's {@code EventSource} through each proxy whose configuration we ship
 * (nginx, HAProxy, Caddy; {@link Proxy}), all in front of the same four gateway nodes on
 * one Redis: nginx as {@code cluster.sh} starts it, HAProxy and Caddy on ports of their
 * own ({@link ProxyProcess}), each running its file under {@code deploy/} unchanged.
 * <p>
 * The methods run in order: the idle streams, opened before the first test, are checked
 * after the tests that need no node to die, so that their wait overlaps with those; the
 * kills come last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamsThroughEachProxyIntegrationTests {

	private static final String NAME = "proxies";

	/**
	 * How long a stream stays without an event before it is checked: longer than nginx's
	 * default {@code proxy_read_timeout} (60 s) and the 50 s {@code timeout server} of
	 * HAProxy's example configurations (HAProxy itself has no default: it warns and never
	 * times out); Caddy's reverse proxy has no read timeout by default. Between events
	 * only the gateway's heartbeat (every 15 s) keeps the streams alive.
	 */
	private static final Duration IDLE = Duration.ofSeconds(70);

	/** The longest time from a publish to the event in the page. */
	private static final Duration LATENCY = Duration.ofMillis(200);

	/**
	 * Gateway nodes. Each kill test leaves its node dead (restarting one takes longer
	 * than the whole test): the last of the three still has a node to resume on. The
	 * proxies run in the order of {@link Proxy}, nginx first: it tries at most 3 nodes
	 * per request ({@code proxy_next_upstream_tries}), which would not do with 3 of 4
	 * nodes dead.
	 */
	private static final int NODES = 4;

	/** Open streams per node: low, so that a test can fill a node. */
	private static final int MAX_STREAMS = 8;

	private static BrowserCluster e2e;

	private static ProxyProcess haproxy;

	private static ProxyProcess caddy;

	private static HttpClient http;

	private static final Map<Proxy, IdleStream> idleStreams = new EnumMap<>(Proxy.class);

	private static Instant idleSince;

	@BeforeAll
	static void start() {
		// No rebalancing: the node that one test fills would hand streams over (idle ones
		// among them), and the tests count how often each stream opened.
		e2e = BrowserCluster.start(NAME, NODES, "--ssegate.stream.reconnect-delay=500ms",
				"--ssegate.stream.max-streams=" + MAX_STREAMS, "--ssegate.rebalance.enabled=false");
		int[] ports = LocalCluster.freePorts(3);
		haproxy = ProxyProcess.haproxy(LocalCluster.stateDirectory(NAME + "-haproxy"), ports[0], e2e.cluster().nodes());
		caddy = ProxyProcess.caddy(LocalCluster.stateDirectory(NAME + "-caddy"), ports[1], ports[2],
				e2e.cluster().nodes());
		http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		for (Proxy proxy : Proxy.values()) {
			String taskId = "e2e-idle-" + proxy + "-" + UUID.randomUUID();
			StreamPage page = e2e.browser().openInNewTab(uri(proxy));
			page.follow(taskId);
			idleStreams.put(proxy, new IdleStream(taskId, page));
		}
		for (IdleStream idle : idleStreams.values()) {
			await("idle stream open").atMost(Duration.ofSeconds(15)).until(idle.page()::snapshot, Snapshot::isOpen);
		}
		idleSince = Instant.now();
	}

	@AfterAll
	static void stop() {
		try (BrowserCluster e = e2e; ProxyProcess h = haproxy; ProxyProcess c = caddy; HttpClient client = http) {
			// closed in reverse order, the cluster last
		}
	}

	@Order(1)
	@ParameterizedTest
	@EnumSource(Proxy.class)
	void everyEventReachesThePageWithin200MillisecondsOfItsPublish(Proxy proxy) {
		String taskId = "e2e-latency-" + proxy + "-" + UUID.randomUUID();
		StreamPage page = e2e.browser().open(uri(proxy));
		page.follow(taskId);
		await("stream open").atMost(Duration.ofSeconds(10)).until(page::snapshot, Snapshot::isOpen);

		List<Long> latencies = new ArrayList<>();
		for (int step = 1; step <= 5; step++) {
			long publishedAt = System.currentTimeMillis();
			e2e.notifier().publish(taskId, NotifyEvent.progress("step " + step));
			int published = step;
			Snapshot snapshot = await("event " + step).atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(20))
				.until(page::snapshot, (state) -> state.events().size() >= published);
			ReceivedEvent event = snapshot.events().get(step - 1);
			assertThat(event.data()).isEqualTo("step " + step);
			assertThat(event.readyState()).as("arrived on the open stream").isEqualTo(StreamPage.OPEN);
			latencies.add(event.receivedAt() - publishedAt);
		}
		assertThat(latencies).as("milliseconds from each publish to the page, through " + proxy)
			.allSatisfy((latency) -> assertThat(latency).isLessThanOrEqualTo(LATENCY.toMillis()));
		e2e.notifier().complete(taskId, "done");
		await("stream closed by the server").atMost(Duration.ofSeconds(15)).until(page::snapshot, Snapshot::isClosed);
	}

	/**
	 * A node refuses a stream with 503 and {@code Retry-After} to a client that is no
	 * {@code EventSource} when it is full or draining (an {@code EventSource} gets a
	 * {@code 200} with a {@code retry:} hint instead). A full node answers exactly as a
	 * draining one does, and stays full as long as the test wants, where a drain ends
	 * within a second: so node 1 is filled to its {@code max-streams}, and every request
	 * through the proxy must still be served, the one that reached node 1 by another
	 * node.
	 */
	@Order(2)
	@ParameterizedTest
	@EnumSource(Proxy.class)
	void aFullNodes503IsRetriedOnAnotherNode(Proxy proxy) throws Exception {
		assumeThat(proxy.retriesAnAnsweredRequest())
			.as("Caddy retries a request on another node only when it could not connect to one "
					+ "(lb_try_duration), never after a node's answer: a full or draining node's 503 "
					+ "reaches a client that is no EventSource")
			.isTrue();
		Node full = e2e.cluster().nodes().get(0);
		URI direct = URI.create("http://127.0.0.1:" + full.port() + "/");
		List<InputStream> streams = new ArrayList<>();
		try {
			HttpResponse<InputStream> last = openStream(direct, "e2e-filler-" + UUID.randomUUID());
			while (last.statusCode() == 200 && streams.size() < MAX_STREAMS) {
				streams.add(last.body());
				last = openStream(direct, "e2e-filler-" + UUID.randomUUID());
			}
			last.body().close();
			assertThat(last.statusCode()).as("node 1, once full").isEqualTo(503);
			assertThat(last.headers().firstValue("Retry-After")).isPresent();
			List<Integer> statuses = new ArrayList<>();
			for (int request = 0; request < 2 * e2e.cluster().nodes().size(); request++) {
				HttpResponse<InputStream> response = openStream(uri(proxy), "e2e-retried-" + UUID.randomUUID());
				statuses.add(response.statusCode());
				streams.add(response.body());
			}
			assertThat(statuses).as("round robin reaches the full node; " + proxy + " retries another")
				.containsOnly(200);
		}
		finally {
			for (InputStream stream : streams) {
				stream.close();
			}
		}
		// Node 1 takes streams again once it noticed that its clients left: later tests
		// count the reconnects of their pages.
		await("node 1 accepting streams again").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> accepts(direct));
	}

	@Order(3)
	@ParameterizedTest
	@EnumSource(Proxy.class)
	void aStreamIdleForLongerThanTheProxysDefaultTimeoutStaysOpen(Proxy proxy) {
		IdleStream idle = idleStreams.get(proxy);
		await("idle for " + IDLE).atMost(IDLE.plusMinutes(1))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> Duration.between(idleSince, Instant.now()).compareTo(IDLE) >= 0);
		Snapshot quiet = idle.page().snapshot();
		assertThat(quiet.events()).isEmpty();
		assertThat(quiet.isOpen()).isTrue();
		assertThat(quiet.errors()).as("the stream was never cut").isZero();
		assertThat(quiet.opens()).isOne();

		String id = e2e.notifier().publish(idle.taskId(), NotifyEvent.progress("after the quiet"));
		Snapshot after = await("the event after the quiet").atMost(Duration.ofSeconds(5))
			.until(idle.page()::snapshot, (state) -> !state.events().isEmpty());
		assertThat(after.events()).extracting(ReceivedEvent::id).containsExactly(id);
		assertThat(after.opens()).as("on the stream opened " + IDLE + " ago").isOne();
		idle.page().closeTab();
	}

	@Order(4)
	@ParameterizedTest
	@EnumSource(Proxy.class)
	void theStreamOfAKilledNodeResumesOnAnotherWithEveryEventExactlyOnce(Proxy proxy) throws Exception {
		String taskId = "e2e-kill-" + proxy + "-" + UUID.randomUUID();
		StreamPage page = e2e.browser().open(uri(proxy));
		// The earlier pages' streams have ended once no node's subscriptions change.
		Map<Node, Long> before = e2e.cluster().awaitSteadySubscriptions();
		page.follow(taskId);
		await("stream open").atMost(Duration.ofSeconds(10)).until(page::snapshot, Snapshot::isOpen);
		List<String> ids = new ArrayList<>();
		publish(taskId, 1, 3, ids);
		awaitEvents(page, 3);
		Node first = e2e.cluster().awaitNodeServingNewStream(before, null);
		try {
			e2e.cluster().kill(first);
			// Published while the browser has no stream: the next node replays them.
			publish(taskId, 4, 6, ids);
			// Round robin still reaches the dead node; the proxy retries another, so no
			// client sees an error.
			for (int request = 0; request < 2 * e2e.cluster().nodes().size(); request++) {
				assertThat(statusOf(uri(proxy))).as("the page, through " + proxy).isEqualTo(200);
			}
			// On another node: the first one no longer accepts connections.
			awaitEvents(page, 6);
			publish(taskId, 7, 8, ids);
			awaitEvents(page, 8);
			// Nothing more may come: no event twice, none replayed late.
			await("a quiet period after the last event").during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(page.snapshot().events()).extracting(ReceivedEvent::id)
					.containsExactlyElementsOf(ids));
			Snapshot resumed = page.snapshot();
			assertThat(resumed.opens()).as("the first stream, and the one after the kill").isEqualTo(2);
			assertThat(resumed.isOpen()).isTrue();
		}
		finally {
			e2e.notifier().complete(taskId, "done");
		}
	}

	private static URI uri(Proxy proxy) {
		return switch (proxy) {
			case NGINX -> e2e.cluster().loadBalancer();
			case HAPROXY -> haproxy.uri();
			case CADDY -> caddy.uri();
		};
	}

	private static boolean accepts(URI node) throws IOException, InterruptedException {
		HttpResponse<InputStream> response = openStream(node, "e2e-probe-" + UUID.randomUUID());
		response.body().close();
		return response.statusCode() == 200;
	}

	private static int statusOf(URI uri) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
		return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	/**
	 * A stream request of a client that is no EventSource (no Accept: text/event-stream).
	 */
	private static HttpResponse<InputStream> openStream(URI base, String taskId)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(base.resolve("/sse/register?taskId=" + taskId))
			.timeout(Duration.ofSeconds(10))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
	}

	private static void publish(String taskId, int from, int to, List<String> ids) {
		for (int step = from; step <= to; step++) {
			ids.add(e2e.notifier().publish(taskId, NotifyEvent.progress("step " + step)));
		}
	}

	private static void awaitEvents(StreamPage page, int count) {
		await(count + " events").atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(50))
			.until(page::snapshot, (state) -> state.events().size() >= count && state.isOpen());
	}

	/**
	 * A stream opened before the first test, to be checked after a long quiet.
	 *
	 * @param taskId its task
	 * @param page its page, in a tab of its own
	 */
	private record IdleStream(String taskId, StreamPage page) {

	}

}
