package io.ssegate.e2e.devserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.ssegate.e2e.GatewayNode;
import io.ssegate.e2e.ServerProcess;
import io.ssegate.e2e.browser.Browser;
import io.ssegate.e2e.browser.Executables;
import io.ssegate.e2e.browser.NpmProject;
import io.ssegate.e2e.devserver.DevServerPage.ReceivedEvent;
import io.ssegate.e2e.devserver.DevServerPage.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A page served by each front-end development server of {@code e2e/src/test/devservers/}
 * follows a task through the server's proxy, in Chromium, and gets every event as it is
 * published: no server holds the stream back until the task ends. webpack-dev-server and
 * the Express app compress what they serve, and would hold it (the {@code compression}
 * middleware buffers until its gzip output fills), were it not for the gateway's
 * {@code Cache-Control: no-transform}.
 * <p>
 * Not here: the Angular CLI development server. Its packages ({@code @angular/cli},
 * {@code @angular/build}, {@code @angular/core} and the rest of what {@code ng serve}
 * needs: 409 packages, 246 MB) took 157 s to install on a two-core machine, against 68 s
 * for the three servers here (355 packages, 98 MB), before a workspace to build and
 * serve. Create React App is deprecated and runs webpack-dev-server, which is here.
 */
class DevServerStreamingIntegrationTests {

	private static final String INSTALL_HINT = "the development server tests need Node.js 20.19+ and npm "
			+ "(Debian/Ubuntu: apt-get install -y nodejs npm)";

	private static final String SOURCES = "e2e/src/test/devservers/";

	private static final List<String> FILES = List.of("package.json", "package-lock.json", "index.html", "page.js",
			"webpack.config.js", "vite.config.mjs", "express-server.mjs");

	private static final Path WORK = Path.of("target", "devservers").toAbsolutePath();

	private static final String HOST = "127.0.0.1";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final int EVENTS = 5;

	/** Between two events, so that a stream that is held back shows. */
	private static final Duration SPACING = Duration.ofMillis(300);

	private static final long MAX_LATE_MILLIS = 200;

	private static GatewayNode gateway;

	private static Browser browser;

	/** HTTP/1.1: see {@link ServerProcess} for why not an h2c upgrade. */
	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeAll
	static void startGatewayAndBrowser() {
		NpmProject.install(SOURCES, FILES, WORK.resolve("project"), INSTALL_HINT);
		gateway = GatewayNode.start(WORK.resolve("logs/gateway.log"), "--ssegate.security.anonymous=true");
		browser = Browser.start(WORK.resolve("logs"));
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.close();
		}
		if (gateway != null) {
			gateway.close();
		}
	}

	@ParameterizedTest
	@EnumSource(DevServer.class)
	void everyEventReachesThePageAsItIsPublished(DevServer server) throws Exception {
		String taskId = "devserver-" + UUID.randomUUID();
		URI origin = URI.create("http://" + HOST + ":" + ServerProcess.freePort());
		try (ServerProcess process = start(server, origin)) {
			DevServerPage page = browser.open(origin.resolve("/index.html?taskId=" + taskId), DevServerPage::new);
			await("the stream open").atMost(WAIT).until(() -> page.snapshot().readyState() == Snapshot.OPEN);
			List<String> published = new ArrayList<>();
			for (int n = 1; n <= EVENTS; n++) {
				published.add(publish(gateway.url(), taskId, data(n), ""));
				int expected = n;
				await("event " + n + " in the page while the task runs").atMost(WAIT)
					.until(() -> page.snapshot().events().size() == expected);
				// Pacing the publisher, not waiting for a condition.
				Thread.sleep(SPACING);
			}
			// The last one through the development server's /api proxy.
			published.add(publish(origin, taskId, data(EVENTS + 1), ",\"status\":\"END\""));
			await("the stream ended by 204").atMost(WAIT).until(() -> page.snapshot().readyState() == Snapshot.CLOSED);

			Snapshot snapshot = page.snapshot();
			assertThat(snapshot.events()).extracting(ReceivedEvent::data).containsExactlyElementsOf(published);
			assertThat(snapshot.events()).as("publication to onmessage, in ms")
				.allSatisfy((event) -> assertThat(event.lateMillis()).isLessThanOrEqualTo(MAX_LATE_MILLIS));
			assertThat(snapshot.opens()).isEqualTo(1);
		}
	}

	private static ServerProcess start(DevServer server, URI origin) {
		Path node = Executables.find("node", "nodejs")
			.orElseThrow(() -> new IllegalStateException(INSTALL_HINT + ": no node found"));
		List<String> command = new ArrayList<>(List.of(node.toString()));
		command.addAll(server.nodeArguments(origin.getHost(), origin.getPort()));
		Map<String, String> environment = Map.of("SSEGATE_URL", gateway.url().toString(), "HOST", origin.getHost(),
				"PORT", String.valueOf(origin.getPort()));
		return ServerProcess.start(command, WORK.resolve("project"), environment,
				WORK.resolve("logs/" + server.name().toLowerCase(Locale.ROOT) + ".log"), origin.resolve("/index.html"),
				START_TIMEOUT);
	}

	/** The data of event {@code n}: {@code {"n":n,"at":<now, epoch millis>}}. */
	private static String data(int n) {
		return "{\"n\":" + n + ",\"at\":" + System.currentTimeMillis() + "}";
	}

	/**
	 * Publish {@code {"data": <data><more fields>}} and require {@code 202}.
	 * @return the data, as the page receives it
	 */
	private String publish(URI server, String taskId, String data, String moreFields) {
		String body = "{\"data\":" + data + moreFields + "}";
		HttpRequest request = HttpRequest.newBuilder(server.resolve("/api/tasks/" + taskId + "/events"))
			.header("Content-Type", "application/json")
			.timeout(WAIT)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("POST %s: %s", request.uri(), response.body()).isEqualTo(202);
			return data;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
