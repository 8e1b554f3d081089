package io.ssegate.gateway.stream;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.notifier.tokens.TaskTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Limits per client: streams per token subject, and per address behind a trusted proxy.
 * Over a limit: 429 with a problem detail and Retry-After, for an EventSource too.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ssegate.security.hmac-secret=" + ClientLimitsIntegrationTests.SECRET,
				"ssegate.limits.streams-per-subject=2", "ssegate.limits.streams-per-ip=3",
				"ssegate.limits.trusted-proxies=127.0.0.1,::1", "ssegate.limits.retry-after=7s",
				"management.server.port=0" })
class ClientLimitsIntegrationTests {

	static final String SECRET = "a-test-secret-that-is-at-least-32-bytes";

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	StreamRegistry registry;

	private final HttpClient client = HttpClient.newHttpClient();

	private final List<HttpResponse<InputStream>> open = new ArrayList<>();

	/** Every answer's body, so that none is left unread. */
	private final List<InputStream> bodies = new ArrayList<>();

	@AfterEach
	void closeStreams() throws IOException {
		for (InputStream body : this.bodies) {
			body.close();
		}
		this.client.shutdownNow();
	}

	@Test
	void aSubjectOverItsLimitGetsTooManyRequestsUntilOneOfItsStreamsCloses() throws Exception {
		String alice = token("alice");
		assertThat(stream(alice, "198.51.100.1").statusCode()).isEqualTo(200);
		assertThat(stream(alice, "198.51.100.2").statusCode()).isEqualTo(200);
		double before = rejected("subject-limit");

		HttpResponse<InputStream> refused = stream(alice, "198.51.100.3");
		assertTooManyRequests(refused);
		assertThat(rejected("subject-limit")).isEqualTo(before + 1);
		assertTooManyRequests(stream(alice, "198.51.100.3", "text/event-stream"));
		assertThat(stream(token("bob"), "198.51.100.3").statusCode()).isEqualTo(200);

		this.open.remove(0).body().close();
		await().atMost(WAIT).until(() -> this.registry.streamCount() == 2);
		assertThat(stream(alice, "198.51.100.3").statusCode()).isEqualTo(200);
	}

	@Test
	void anAddressBehindATrustedProxyOverItsLimitGetsTooManyRequests() throws Exception {
		for (String subject : List.of("carol", "dave", "erin")) {
			assertThat(stream(token(subject), "203.0.113.5").statusCode()).isEqualTo(200);
		}
		double before = rejected("ip-limit");

		assertTooManyRequests(stream(token("frank"), "203.0.113.5"));
		assertThat(rejected("ip-limit")).isEqualTo(before + 1);
		assertThat(stream(token("frank"), "203.0.113.6").statusCode()).isEqualTo(200);
	}

	private void assertTooManyRequests(HttpResponse<InputStream> response) throws IOException {
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8)).contains("\"status\":429");
	}

	private HttpResponse<InputStream> stream(String token, String forwardedFor, String... accept)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/sse/register?taskId=limited"))
			.header("Authorization", "Bearer " + token)
			.header("X-Forwarded-For", forwardedFor)
			.timeout(Duration.ofSeconds(10));
		if (accept.length > 0) {
			request.header("Accept", accept[0]);
		}
		HttpResponse<InputStream> response = this.client.send(request.build(),
				HttpResponse.BodyHandlers.ofInputStream());
		this.bodies.add(response.body());
		if (response.statusCode() == 200) {
			this.open.add(response);
		}
		return response;
	}

	private double rejected(String reason) {
		return this.meters.counter("ssegate.streams.rejected", "reason", reason).count();
	}

	private static String token(String subject) throws JOSEException {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.audience(TaskTokens.AUDIENCE_VALUE)
			.claim(TaskTokens.SCOPE_CLAIM, TaskTokens.SUBSCRIBE)
			.claim(TaskTokens.TASKS_CLAIM, List.of("limited"))
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(SECRET));
		return jwt.serialize();
	}

}
