package io.ssegate.gateway.security;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.gateway.GatewayApplication;
import io.ssegate.gateway.support.QuietOutput;
import io.ssegate.notifier.TaskTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Subscriber and publisher tokens on a node with an HS256 secret and RS256/ES256 public
 * keys.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "ssegate.security.allowed-origins=https://app.example.com")
class SecurityIntegrationTests {

	private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!";

	private static final RSAKey RSA = generateRsa();

	private static final ECKey EC = generateEc();

	private final TaskTokens hmacTokens = TaskTokens.hmac(SECRET);

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	private final HttpClient http = HttpClient.newHttpClient();

	private String baseUrl;

	@DynamicPropertySource
	static void keys(DynamicPropertyRegistry registry) {
		registry.add("ssegate.security.hmac-secret", () -> SECRET);
		registry.add("ssegate.security.jwks",
				() -> new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK())).toString());
	}

	@BeforeEach
	void setUp() {
		this.baseUrl = "http://localhost:" + this.port;
	}

	@Test
	void streamWithoutTokenIsUnauthorizedWithABearerChallenge() throws Exception {
		double before = failures("missing");
		HttpResponse<String> response = send(get("/sse/register?taskId=t1").build());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(failures("missing")).isEqualTo(before + 1);
	}

	@Test
	void malformedBadlySignedAndExpiredTokensAreUnauthorized() throws Exception {
		String foreign = TaskTokens.hmac("another-secret-that-is-32-bytes-long!!")
			.subscribe(Duration.ofMinutes(5), "t1");
		for (String token : List.of("not-a-jwt", foreign, expiredToken("t1"))) {
			assertThat(send(get("/sse/register?taskId=t1").header("Authorization", "Bearer " + token).build())
				.statusCode()).isEqualTo(401);
		}
	}

	@Test
	void tokenForAnotherTaskIsForbidden() throws Exception {
		String token = this.hmacTokens.subscribe(Duration.ofMinutes(5), "t1");
		HttpResponse<String> response = send(get("/sse/register?taskId=t2&token=" + token).build());
		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void tokenIsAcceptedFromTheHeaderTheCookieAndTheQueryParameter() throws Exception {
		String token = this.hmacTokens.subscribe(Duration.ofMinutes(5), "t1");
		assertStreamOpens(get("/sse/register?taskId=t1").header("Authorization", "Bearer " + token));
		assertStreamOpens(get("/sse/register?taskId=t1").header("Cookie", "ssegate_token=" + token));
		assertStreamOpens(get("/sse/register?taskId=t1&token=" + token));
	}

	@Test
	void prefixPatternsGrantEveryMatchingTask() throws Exception {
		String token = this.hmacTokens.subscribe(Duration.ofMinutes(5), "tenant-7:*");
		assertStreamOpens(get("/sse/register?taskId=tenant-7:export-1&token=" + token));
		assertThat(send(get("/sse/register?taskId=tenant-8:export-1&token=" + token).build()).statusCode())
			.isEqualTo(403);
	}

	@Test
	void rs256AndEs256TokensSignedWithTheConfiguredKeysAreAccepted() throws Exception {
		for (TaskTokens tokens : List.of(TaskTokens.signedWith(RSA), TaskTokens.signedWith(EC))) {
			assertStreamOpens(get("/sse/register?taskId=t1&token=" + tokens.subscribe(Duration.ofMinutes(5), "t1")));
		}
	}

	@Test
	void publishingNeedsAPublishScopedToken() throws Exception {
		assertThat(publish("t1", null).statusCode()).isEqualTo(401);
		assertThat(publish("t1", this.hmacTokens.subscribe(Duration.ofMinutes(5), "t1")).statusCode()).isEqualTo(403);
		assertThat(publish("t1", this.hmacTokens.publish(Duration.ofMinutes(5), "t2")).statusCode()).isEqualTo(403);
		assertThat(publish("t1", this.hmacTokens.publish(Duration.ofMinutes(5), "*")).statusCode()).isEqualTo(202);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void tokensNeverAppearInTheLogs(CapturedOutput output) throws Exception {
		String wrongTask = this.hmacTokens.subscribe(Duration.ofMinutes(5), "other");
		String foreign = TaskTokens.hmac("another-secret-that-is-32-bytes-long!!")
			.subscribe(Duration.ofMinutes(5), "t1");
		send(get("/sse/register?taskId=t1&token=" + wrongTask).build());
		send(get("/sse/register?taskId=t1").header("Authorization", "Bearer " + foreign).build());
		assertThat(output.getAll()).doesNotContain(wrongTask).doesNotContain(foreign);
	}

	@Test
	void corsAllowsTheConfiguredOriginWithCredentials() throws Exception {
		HttpResponse<String> allowed = send(get("/sse/register?taskId=t1").header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", "GET")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		HttpResponse<String> other = send(get("/sse/register?taskId=t1").header("Origin", "https://evil.example.com")
			.header("Access-Control-Request-Method", "GET")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(other.statusCode()).isEqualTo(403);
		assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void demoTaskComesWithASubscribeTokenForItselfOnly() throws Exception {
		HttpResponse<String> response = send(get("/api/demo/tasks").POST(HttpRequest.BodyPublishers.noBody()).build());
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).contains("\"token\"");
	}

	@Test
	@QuietOutput
	void nodeWithNeitherKeyNorAnonymousSwitchRefusesToStart(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
					"--spring.main.banner-mode=off"))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("ssegate.security.hmac-secret")
				.contains("ssegate.security.anonymous=true"));
		// The operator reads the failure analysis: it names the settings to set.
		assertThat(output).containsOnlyOnce("APPLICATION FAILED TO START")
			.contains("no token key is set: set ssegate.security.hmac-secret or ssegate.security.jwks",
					"or ssegate.security.anonymous=true");
	}

	private void assertStreamOpens(HttpRequest.Builder request) throws Exception {
		HttpResponse<InputStream> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(body.readLine()).isEqualTo("retry: 3000");
		}
	}

	private HttpResponse<String> publish(String taskId, String token) throws Exception {
		HttpRequest.Builder request = get("/api/tasks/" + taskId + "/events").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"x\"}"));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request.build());
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(Duration.ofSeconds(10));
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private double failures(String reason) {
		return this.meters.counter("ssegate.auth.failures", "reason", reason).count();
	}

	private static String expiredToken(String taskId) throws Exception {
		Instant past = Instant.now().minus(Duration.ofHours(1));
		JWTClaimsSet claims = new JWTClaimsSet.Builder().audience(TaskTokens.AUDIENCE_VALUE)
			.claim(TaskTokens.SCOPE_CLAIM, TaskTokens.SUBSCRIBE)
			.claim(TaskTokens.TASKS_CLAIM, List.of(taskId))
			.issueTime(Date.from(past.minus(Duration.ofMinutes(5))))
			.expirationTime(Date.from(past))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

	private static String rootMessage(Throwable ex) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	private static RSAKey generateRsa() {
		try {
			return new RSAKeyGenerator(2048).keyID("rsa-1").generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ECKey generateEc() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
