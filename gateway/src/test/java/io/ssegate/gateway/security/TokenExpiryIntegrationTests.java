package io.ssegate.gateway.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.notifier.tokens.TaskTokens;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stream lives no longer than its token: it ends with a {@code retry:} hint once the
 * token is no longer accepted, and the client resumes with a fresh one, as the demo page
 * does with its renewed cookie.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ssegate.security.hmac-secret=" + TokenExpiryIntegrationTests.SECRET,
				"ssegate.demo.token-ttl=2s", "ssegate.demo.steps=16", "ssegate.demo.step-interval=600ms" })
class TokenExpiryIntegrationTests {

	static final String SECRET = "a-shared-secret-of-at-least-32-bytes!";

	/** How late a stream may end after its token's expiry plus the skew allowance. */
	private static final Duration LATENESS = Duration.ofMillis(1500);

	private final TaskTokens tokens = TaskTokens.hmac(SECRET);

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	private String baseUrl;

	@BeforeEach
	void setUp() {
		this.baseUrl = "http://localhost:" + this.port;
	}

	@Test
	void streamEndsWithARetryHintWhenItsTokenIsNoLongerAcceptedAndResumesWithAFreshOne() throws Exception {
		String taskId = "expiring-" + UUID.randomUUID();
		String token = this.tokens.subscribe(Duration.ofSeconds(2), taskId);
		Instant accessEnds = expiry(token).plus(TokenVerifier.CLOCK_SKEW);
		double expiredBefore = tokenExpiredClosings();
		try (RawStream stream = RawStream.open(this.http,
				stream(taskId, null).header("Authorization", "Bearer " + token))) {
			assertThat(stream.status()).isEqualTo(200);
			String during = publish(taskId, "during");
			await().atMost(Duration.ofSeconds(5)).until(() -> stream.ids().contains(during));
			await().atMost(Duration.between(Instant.now(), accessEnds.plus(LATENESS)).plusMillis(500))
				.until(stream::hasEnded);
			assertThat(stream.endedAt()).isAfterOrEqualTo(accessEnds.minusMillis(50))
				.isBefore(accessEnds.plus(LATENESS));
			// Its last frame tells the client when to reconnect: the reconnect delay
			// plus the drain's jitter.
			assertThat(stream.lastFrame()).hasSize(1)
				.first()
				.satisfies((line) -> assertThat(line).startsWith("retry: "))
				.satisfies((line) -> assertThat(Long.parseLong(line.substring(7))).isBetween(3000L, 8000L));
			assertThat(stream.ids()).containsExactly(during);
			await().atMost(Duration.ofSeconds(5)).until(() -> tokenExpiredClosings() == expiredBefore + 1);

			HttpResponse<String> expired = this.http.send(
					stream(taskId, during).header("Authorization", "Bearer " + token).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(expired.statusCode()).isEqualTo(401);

			String after = publish(taskId, "after");
			String fresh = this.tokens.subscribe(Duration.ofMinutes(5), taskId);
			try (RawStream resumed = RawStream.open(this.http,
					stream(taskId, during).header("Authorization", "Bearer " + fresh))) {
				await().atMost(Duration.ofSeconds(5)).until(() -> resumed.ids().contains(after));
				await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !resumed.hasEnded());
				assertThat(resumed.ids()).containsExactly(after);
			}
		}
	}

	@Test
	void streamOfALongLivedTokenStaysOpen() throws Exception {
		String taskId = "long-lived-" + UUID.randomUUID();
		String token = this.tokens.subscribe(Duration.ofHours(2), taskId);
		try (RawStream stream = RawStream.open(this.http,
				stream(taskId, null).header("Authorization", "Bearer " + token))) {
			String event = publish(taskId, "x");
			await().atMost(Duration.ofSeconds(5)).until(() -> stream.ids().contains(event));
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !stream.hasEnded());
		}
	}

	/**
	 * What the demo page does with a short-lived token in a cookie: renew the cookie
	 * every half lifetime while following the task; when the stream ends at the token's
	 * expiry, reconnect (as {@code EventSource} does) with the current cookie and the
	 * last id.
	 */
	@Test
	void demoPageFollowsItsTaskToTheEndAcrossTokenExpiriesWithARenewedCookie() throws Exception {
		HttpResponse<String> started = this.http.send(
				request("/api/demo/tasks").POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(started.statusCode()).isEqualTo(201);
		JsonNode body = new ObjectMapper().readTree(started.body());
		String taskId = body.get("taskId").asString();
		assertThat(body.get("tokenTtlSeconds").asLong()).isEqualTo(2);
		AtomicReference<String> cookie = new AtomicReference<>(cookie(started));
		ScheduledExecutorService page = Executors.newSingleThreadScheduledExecutor();
		List<String> ids = new ArrayList<>();
		List<String> endings = new ArrayList<>();
		try {
			page.scheduleAtFixedRate(() -> cookie.set(renew(taskId)), 1, 1, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(40)).until(() -> {
				String last = ids.isEmpty() ? null : ids.get(ids.size() - 1);
				try (RawStream stream = RawStream.open(this.http,
						stream(taskId, last).header("Cookie", "ssegate_token=" + cookie.get()))) {
					if (stream.status() == 204) {
						return true;
					}
					assertThat(stream.status()).isEqualTo(200);
					await().atMost(Duration.ofSeconds(15)).until(stream::hasEnded);
					ids.addAll(stream.ids());
					endings.add(String.join("|", stream.lastFrame()));
					return stream.lastFrame().stream().anyMatch((line) -> line.startsWith("event: completed"));
				}
			});
		}
		finally {
			page.shutdownNow();
		}
		// Every event once, in order, across at least one stream ended by its token.
		assertThat(ids).hasSize(16).doesNotHaveDuplicates();
		assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(sequence(a), sequence(b)));
		assertThat(endings).anySatisfy((ending) -> assertThat(ending).startsWith("retry: "));
	}

	private String renew(String taskId) {
		try {
			HttpResponse<String> response = this.http.send(
					request("/api/demo/tasks/" + taskId + "/token").POST(HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(204);
			return cookie(response);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long sequence(String id) {
		String[] parts = id.split("-");
		return Long.parseLong(parts[0]) * 1_000_000 + Long.parseLong(parts[1]);
	}

	private static String cookie(HttpResponse<?> response) {
		String header = response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((value) -> value.startsWith("ssegate_token="))
			.findFirst()
			.orElseThrow();
		return header.substring("ssegate_token=".length(), header.indexOf(';'));
	}

	private String publish(String taskId, String data) throws Exception {
		HttpResponse<String> response = this.http.send(request("/api/tasks/" + taskId + "/events")
			.header("Authorization", "Bearer " + this.tokens.publish(Duration.ofMinutes(1), taskId))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"" + data + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(202);
		return new ObjectMapper().readTree(response.body()).get("id").asString();
	}

	private HttpRequest.Builder stream(String taskId, @Nullable String lastEventId) {
		HttpRequest.Builder request = request("/sse/register?taskId=" + taskId);
		return (lastEventId != null) ? request.header("Last-Event-ID", lastEventId) : request;
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path));
	}

	private static Instant expiry(String token) throws ParseException {
		return SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
	}

	/**
	 * A stream's lines as they arrive, and when it ended.
	 */
	private double tokenExpiredClosings() {
		return this.meters.get("ssegate.streams.closed").tag("reason", "token_expired").counter().count();
	}

	private static final class RawStream implements AutoCloseable {

		private final HttpResponse<Stream<String>> response;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private final AtomicReference<@Nullable Instant> endedAt = new AtomicReference<>();

		private final Thread reader;

		private RawStream(HttpResponse<Stream<String>> response) {
			this.response = response;
			this.reader = Thread.ofVirtual().start(() -> {
				try (Stream<String> body = response.body()) {
					body.forEach(this.lines::add);
				}
				catch (RuntimeException ex) {
					// Closed by the test.
				}
				this.endedAt.set(Instant.now());
			});
		}

		static RawStream open(HttpClient http, HttpRequest.Builder request) throws Exception {
			return new RawStream(http.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
		}

		int status() {
			return this.response.statusCode();
		}

		boolean hasEnded() {
			return this.endedAt.get() != null;
		}

		Instant endedAt() {
			return this.endedAt.get();
		}

		List<String> ids() {
			return this.lines.stream()
				.filter((line) -> line.startsWith("id: "))
				.map((line) -> line.substring(4))
				.toList();
		}

		/**
		 * The lines of the last frame, without the blank line that ends it.
		 */
		List<String> lastFrame() {
			List<String> frame = new ArrayList<>();
			for (int i = this.lines.size() - 1; i >= 0; i--) {
				String line = this.lines.get(i);
				if (line.isEmpty() && !frame.isEmpty()) {
					break;
				}
				if (!line.isEmpty()) {
					frame.add(0, line);
				}
			}
			return frame;
		}

		@Override
		public void close() {
			this.reader.interrupt();
			this.response.body().close();
		}

	}

}
