package io.ssegate.e2e.idp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import io.ssegate.e2e.GatewayNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway node that trusts a real identity provider, Keycloak, found through its issuer
 * URI: the realm's clients get tokens through the client credentials grant, with the task
 * list in a claim of a mapper and the scope as an OAuth scope. Keycloak's signing key is
 * rotated while streams are open, and the node follows without a restart.
 */
class KeycloakKeyRotationIntegrationTests {

	private static final Path LOGS = Path.of("target", "idp").toAbsolutePath();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static KeycloakServer keycloak;

	private static GatewayNode gateway;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws Exception {
		keycloak = KeycloakServer.launch(LOGS.resolve("keycloak.log"));
		// Side by side: the node reads the issuer's discovery document only when a token
		// needs its keys.
		gateway = GatewayNode.start(LOGS.resolve("gateway.log"), "--ssegate.security.issuer-uri=" + keycloak.issuer(),
				"--ssegate.security.claims.tasks=ssegate_tasks");
		keycloak.awaitRealm();
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		if (keycloak != null) {
			keycloak.close();
		}
	}

	@Test
	void streamsOutliveARotationAndTokensOfTheNewKeyAreAccepted() throws Exception {
		String taskId = "report-" + UUID.randomUUID();
		String oldToken = viewerToken();
		try (OpenStream before = OpenStream.open(this.http, stream(taskId), oldToken)) {
			assertThat(before.status()).as(gateway.log()).isEqualTo(200);

			keycloak.rotateSigningKey();
			String newToken = viewerToken();
			assertThat(keyId(newToken)).isNotEqualTo(keyId(oldToken));

			try (OpenStream after = OpenStream.open(this.http, stream(taskId), newToken)) {
				assertThat(after.status()).as("a token of the new key, without a restart").isEqualTo(200);
				publish(taskId, "after-rotation");
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					assertThat(before.lines()).contains("data: after-rotation");
					assertThat(after.lines()).contains("data: after-rotation");
				});
				// The old token's stream lasts until its token expires, and then ends.
				Instant expiry = expiry(oldToken);
				await().atMost(Duration.between(Instant.now(), expiry).plusSeconds(30)).until(() -> !before.isOpen());
				assertThat(before.endedAt())
					.hasValueSatisfying((ended) -> assertThat(ended).isAfterOrEqualTo(expiry.minusSeconds(1)));
			}
		}
	}

	private String viewerToken() {
		return keycloak.clientToken("report-viewer", "report-viewer-secret");
	}

	private URI stream(String taskId) {
		return gateway.uri("/sse/register?taskId=" + taskId);
	}

	private void publish(String taskId, String data) throws Exception {
		String token = keycloak.clientToken("report-service", "report-service-secret");
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(gateway.uri("/api/tasks/" + taskId + "/events"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"progress\",\"data\":\"" + data + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
	}

	private static String keyId(String token) {
		return part(token, 0).get("kid").asString();
	}

	private static Instant expiry(String token) {
		return Instant.ofEpochSecond(part(token, 1).get("exp").asLong());
	}

	private static JsonNode part(String token, int index) {
		return JSON
			.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8));
	}

}
