package io.ssegate.e2e.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ssegate.e2e.browser.Browser;
import io.ssegate.e2e.browser.LocalCluster;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.tokens.TaskTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The browser client in Chromium, through nginx to two nodes that require tokens: the
 * page's token function fetches 3-second tokens from this test, and the client renews
 * each before it expires and reopens the stream with it ({@code &token=}) where every
 * task is. Every event arrives once, in order, across the renewals.
 */
class BrowserClientTokenIntegrationTests {

	private static final String NAME = "browser-client-tokens";

	private static final Duration TOKEN_TTL = Duration.ofSeconds(3);

	private static final int RENEWALS = 5;

	private static LocalCluster cluster;

	private static Notifier notifier;

	private static Browser browser;

	private static HttpServer tokenServer;

	@BeforeAll
	static void start() throws IOException {
		cluster = LocalCluster.startSecured(NAME, 2, "--ssegate.stream.reconnect-delay=500ms",
				"--ssegate.drain.reconnect-jitter=500ms");
		notifier = Notifier.create(cluster.redisUrl());
		browser = Browser.start(Path.of("target", "browser", NAME).toAbsolutePath());
		TaskTokens tokens = TaskTokens
			.hmac(Files.readString(LocalCluster.stateDirectory(NAME).resolve("hmac-secret")).strip());
		tokenServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		tokenServer.createContext("/token", (exchange) -> mint(exchange, tokens));
		tokenServer.start();
	}

	@AfterAll
	static void stop() {
		if (tokenServer != null) {
			tokenServer.stop(0);
		}
		try (LocalCluster c = cluster; Notifier n = notifier; Browser b = browser) {
			// closed in reverse order, the cluster last
		}
	}

	/**
	 * {@code GET /token?tasks=a,b}: a subscribe token for those tasks, for any origin.
	 */
	private static void mint(HttpExchange exchange, TaskTokens tokens) throws IOException {
		String tasks = exchange.getRequestURI().getQuery().replaceFirst("^tasks=", "");
		byte[] token = tokens.subscribe(TOKEN_TTL, tasks.split(",")).getBytes(StandardCharsets.US_ASCII);
		exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
		exchange.getResponseHeaders().set("Content-Type", "text/plain");
		exchange.sendResponseHeaders(200, token.length);
		exchange.getResponseBody().write(token);
		exchange.close();
	}

	@Test
	void pageFollowsItsTasksAcrossFiveRenewalsOfThreeSecondTokens() {
		List<String> tasks = BrowserClientIntegrationTests.newTasks(3);
		ClientPage page = browser.open(cluster.loadBalancer(), ClientPage::new);
		String tokenUrl = "http://127.0.0.1:" + tokenServer.getAddress().getPort() + "/token";
		page.follow(tasks, tokenUrl);
		int rounds;
		try (Publisher publisher = Publisher.start(notifier, tasks, Duration.ofMillis(200))) {
			await("five renewals").atMost(TOKEN_TTL.multipliedBy(2 * RENEWALS).plusSeconds(30))
				.until(() -> page.received().tokens() > RENEWALS);
			rounds = publisher.stop();
		}
		tasks.forEach((task) -> notifier.complete(task, "done"));

		await("the page's client ends").atMost(Duration.ofSeconds(30)).until(() -> page.received().ended());
		ClientPage.Received received = BrowserClientIntegrationTests.settled(page);
		assertThat(tasks).allSatisfy((task) -> assertThat(received.of(task)).as(task)
			.containsExactlyElementsOf(Expected.roundsThenDone(rounds)));
		assertThat(received.errors()).as("no stream refused: each token renewed before it expired").isEmpty();
		assertThat(received.gaps()).isEmpty();
	}

}
