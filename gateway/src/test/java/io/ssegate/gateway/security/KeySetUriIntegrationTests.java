package io.ssegate.gateway.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.nimbusds.jose.jwk.RSAKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.notifier.tokens.TaskTokens;
import io.ssegate.gateway.support.GatewayNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keys fetched from an identity provider's {@code jwk-set-uri}: refreshed for an unknown
 * {@code kid}, dropped after the cache period once the provider no longer publishes them,
 * kept while the provider is down, and a 503 (not a 401) while none could be loaded.
 */
class KeySetUriIntegrationTests {

	private final RSAKey first = IdentityProviderStub.newKey();

	private IdentityProviderStub provider;

	@BeforeEach
	void startProvider() throws Exception {
		this.provider = IdentityProviderStub.start();
		this.provider.publish(this.first);
	}

	@AfterEach
	void stopProvider() {
		this.provider.close();
	}

	@Test
	void tokenWithAnUnknownKidRefreshesTheKeySet() throws Exception {
		try (GatewayNodes node = start()) {
			StreamProbe streams = new StreamProbe(node.url(0));
			assertThat(streams.status(IdentityProviderStub.token(this.first))).isEqualTo(200);
			RSAKey rotated = IdentityProviderStub.newKey();
			this.provider.publish(this.first, rotated);
			// Within the cache period (5 minutes by default): only the unknown kid
			// fetched it.
			assertThat(streams.status(IdentityProviderStub.token(rotated))).isEqualTo(200);
			assertThat(fetches(node, "success")).isEqualTo(2);
			assertThat(streams.status(IdentityProviderStub.token(IdentityProviderStub.newKey()))).isEqualTo(401);
		}
	}

	@Test
	void keyRemovedFromTheSetStopsBeingAcceptedAfterTheCachePeriod() throws Exception {
		try (GatewayNodes node = start("ssegate.security.key-set.time-to-live=6s",
				"ssegate.security.key-set.refresh-min-interval=1s", "ssegate.security.key-set.timeout=1s")) {
			StreamProbe streams = new StreamProbe(node.url(0));
			String oldToken = IdentityProviderStub.token(this.first);
			assertThat(streams.status(oldToken)).isEqualTo(200);
			this.provider.publish(IdentityProviderStub.newKey());
			assertThat(streams.status(oldToken)).as("within the cache period").isEqualTo(200);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(streams.status(oldToken)).isEqualTo(401));
		}
	}

	@Test
	void cachedKeysKeepWorkingWhileTheProviderIsDown() throws Exception {
		try (GatewayNodes node = start("ssegate.security.key-set.time-to-live=3s",
				"ssegate.security.key-set.refresh-min-interval=1s", "ssegate.security.key-set.timeout=500ms")) {
			StreamProbe streams = new StreamProbe(node.url(0));
			String token = IdentityProviderStub.token(this.first);
			assertThat(streams.status(token)).isEqualTo(200);
			this.provider.down(true);
			// The scheduled refresh failed; the token stays accepted for more than two
			// cache periods.
			await().atMost(Duration.ofSeconds(30)).until(() -> fetches(node, "failure") > 0);
			await().during(Duration.ofSeconds(7))
				.atMost(Duration.ofSeconds(40))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> streams.status(token) == 200);
		}
	}

	@Test
	void providerDownBeforeAnyKeyIsLoadedAnswers503AndTheNodeStaysLive() throws Exception {
		this.provider.down(true);
		try (GatewayNodes node = start("ssegate.security.key-set.refresh-min-interval=1s")) {
			StreamProbe streams = new StreamProbe(node.url(0));
			String token = IdentityProviderStub.token(this.first);
			HttpResponse<String> problem = streams.refusal(token, "application/json");
			assertThat(problem.statusCode()).isEqualTo(503);
			assertThat(problem.headers().firstValue("Retry-After")).isPresent();
			assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			HttpResponse<String> eventSource = streams.refusal(token, "text/event-stream");
			assertThat(eventSource.statusCode()).isEqualTo(200);
			assertThat(eventSource.body()).contains("identity provider").containsPattern("(?m)^retry: \\d+$");
			HttpResponse<String> publish = publish(node.url(0), IdentityProviderStub.token(this.first,
					(claims) -> claims.claim(TaskTokens.SCOPE_CLAIM, TaskTokens.PUBLISH)));
			assertThat(publish.statusCode()).isEqualTo(503);
			assertThat(publish.headers().firstValue("Retry-After")).isPresent();
			assertThat(status(node.managementUrl(0) + "/actuator/health/liveness")).isEqualTo(200);
			this.provider.down(false);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(streams.status(token)).isEqualTo(200));
		}
	}

	private GatewayNodes start(String... keySet) {
		String[] properties = new String[keySet.length + 1];
		properties[0] = "ssegate.security.jwk-set-uri=" + this.provider.jwkSetUri();
		System.arraycopy(keySet, 0, properties, 1, keySet.length);
		return GatewayNodes.start(1, properties);
	}

	private static double fetches(GatewayNodes node, String outcome) {
		var counter = node.bean(0, MeterRegistry.class)
			.find("ssegate.auth.key.set.fetches")
			.tag("outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static HttpResponse<String> publish(String baseUrl, String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/tasks/t1/events"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"progress\",\"data\":\"1\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int status(String url) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

}
