package io.ssegate.gateway.stream;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code ssegate.security.allowed-origins} set, the stream response itself (what
 * {@code EventSource} with credentials checks, not only a preflight) carries the CORS
 * headers for an allowed origin, and only for it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ssegate.security.anonymous=true", "ssegate.stream.heartbeat-interval=100ms",
				"ssegate.security.allowed-origins=" + CrossOriginStreamIntegrationTests.ALLOWED })
class CrossOriginStreamIntegrationTests {

	static final String ALLOWED = "https://app.example.com";

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	StreamRegistry registry;

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void everyStreamIsGoneAfterwards() {
		this.http.close();
		await().atMost(WAIT).until(() -> this.registry.streamCount() == 0);
	}

	@Test
	void streamResponseForAnAllowedOriginCarriesTheCorsHeaders() throws Exception {
		HttpResponse<InputStream> response = openStream(ALLOWED);
		try (InputStream body = response.body()) {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
			assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
			assertThat(response.headers().allValues("Vary")).anySatisfy((vary) -> assertThat(vary).contains("Origin"));
		}
	}

	@Test
	void streamRequestFromAnotherOriginIsRefusedWithoutCorsHeaders() throws Exception {
		HttpResponse<InputStream> response = openStream("https://evil.example.com");
		try (InputStream body = response.body()) {
			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		}
	}

	private HttpResponse<InputStream> openStream(String origin) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/sse/register?taskId=task-" + UUID.randomUUID()))
			.header("Origin", origin)
			.header("Accept", "text/event-stream")
			.timeout(WAIT)
			.build();
		// Returns once the headers are in: the stream itself stays open.
		return this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
	}

}
