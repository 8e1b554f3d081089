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
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
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
import io.ssegate.notifier.tokens.TaskTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
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
	void streamOfSeveralTasksNeedsATokenForEveryOneAndTheRefusalNamesNone() throws Exception {
		String token = this.hmacTokens.subscribe(Duration.ofMinutes(5), "t1", "tenant-7:*");
		assertStreamOpens(get("/sse/register?taskId=t1&taskId=tenant-7:a&taskId=tenant-7:b&token=" + token));

		HttpResponse<String> response = send(
				get("/sse/register?taskId=t1&taskId=secret-task&taskId=tenant-7:a&token=" + token).build());

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("does not allow subscribe on every task of the stream")
			.doesNotContain("secret-task", "t1", "tenant-7");
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
	void bulkPublishingNeedsOneTokenForEveryTaskAndTheRefusalNamesNone() throws Exception {
		String body = "{\"events\":[{\"taskId\":\"t1\",\"data\":1},{\"taskId\":\"secret-task-4713\",\"data\":2}]}";
		HttpRequest.Builder request = get("/api/events").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));

		HttpResponse<String> unauthorized = send(request.build());
		HttpResponse<String> forbidden = send(
				request.header("Authorization", "Bearer " + this.hmacTokens.publish(Duration.ofMinutes(5), "t1"))
					.build());
		HttpResponse<String> allowed = send(get("/api/events").header("Content-Type", "application/json")
			.header("Authorization",
					"Bearer " + this.hmacTokens.publish(Duration.ofMinutes(5), "t1", "secret-task-4713"))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());

		assertThat(unauthorized.statusCode()).isEqualTo(401);
		assertThat(forbidden.statusCode()).isEqualTo(403);
		assertThat(forbidden.body()).contains("every task of the request").doesNotContain("secret-task-4713");
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.body()).contains("\"taskId\":\"secret-task-4713\",\"id\":");
	}

	@Test
	void publishTokenIsAcceptedFromTheAuthorizationHeaderOnly() throws Exception {
		String token = this.hmacTokens.publish(Duration.ofMinutes(5), "t1");
		HttpResponse<String> fromCookie = send(
				eventPost("/api/tasks/t1/events").header("Cookie", "ssegate_token=" + token).build());
		HttpResponse<String> fromQuery = send(eventPost("/api/tasks/t1/events?token=" + token).build());
		for (HttpResponse<String> response : List.of(fromCookie, fromQuery)) {
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("Authorization: Bearer");
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ssegate\"");
		}
		assertThat(publish("t1", token).statusCode()).isEqualTo(202);
	}

	@Test
	@QuietOutput
	void tokensNeverAppearInTheLogs(CapturedOutput output) throws Exception {
		String wrongTask = this.hmacTokens.subscribe(Duration.ofMinutes(5), "other");
		String foreign = TaskTokens.hmac("another-secret-that-is-32-bytes-long!!")
			.subscribe(Duration.ofMinutes(5), "t1");
		String expired = expiredToken("t1");
		String brokenHeader = base64Url("{\"alg\":\"HS256\",\"kid\":\"secret-kid-4711") + "."
				+ base64Url("{\"aud\":\"ssegate\",\"tasks\":[\"secret-task-4711\"]}") + ".c2ln";
		String brokenClaims = base64Url("{\"alg\":\"HS256\"}") + "." + base64Url("{\"tasks\":[\"secret-task-4712\"")
				+ ".c2ln";
		String publishToken = this.hmacTokens.publish(Duration.ofMinutes(5), "t1");
		List<String> tokens = List.of(wrongTask, foreign, expired, brokenHeader, brokenClaims, publishToken);
		List<HttpResponse<String>> responses;
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel(AccessGuard.class.getName(), LogLevel.DEBUG);
		try {
			responses = List.of(send(get("/sse/register?taskId=t1&token=" + wrongTask).build()),
					send(get("/sse/register?taskId=t1").header("Authorization", "Bearer " + foreign).build()),
					send(get("/sse/register?taskId=t1").header("Cookie", "ssegate_token=" + expired).build()),
					send(get("/sse/register?taskId=t1&token=" + brokenHeader).build()),
					send(get("/sse/register?taskId=t1&token=" + brokenClaims).build()),
					send(eventPost("/api/tasks/t1/events?token=" + publishToken).build()));
		}
		finally {
			logging.setLogLevel(AccessGuard.class.getName(), null);
		}
		assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(403, 401, 401, 401, 401, 401);
		// Every refusal was logged, with its reason...
		assertThat(output.getAll().lines().filter((line) -> line.contains("Refused a request"))).hasSize(6);
		assertThat(output.getAll()).contains("The token does not allow subscribe", "Expired JWT",
				"A publish token is required");
		// ...but neither the log nor the problem details carry a token or a part of one.
		for (String token : tokens) {
			for (String part : token.split("\\.")) {
				assertThat(output.getAll()).doesNotContain(part);
				assertThat(responses).allSatisfy((response) -> assertThat(response.body()).doesNotContain(part));
			}
		}
		assertThat(output.getAll()).doesNotContain("secret-kid-4711", "secret-task-4711", "secret-task-4712");
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
	void corsAllowsTheConfiguredOriginToPublishWithCredentials() throws Exception {
		HttpResponse<String> preflight = send(get("/api/tasks/t1/events").header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(preflight.statusCode()).isBetween(200, 204);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
			.hasValueSatisfying((methods) -> assertThat(methods).containsIgnoringCase("POST"));
		String token = "Bearer " + this.hmacTokens.publish(Duration.ofMinutes(5), "t1");
		HttpResponse<String> allowed = send(
				eventPost("/api/tasks/t1/events").header("Origin", "https://app.example.com")
					.header("Authorization", token)
					.build());
		assertThat(allowed.statusCode()).isEqualTo(202);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		HttpResponse<String> other = send(eventPost("/api/tasks/t1/events").header("Origin", "https://evil.example.com")
			.header("Authorization", token)
			.build());
		assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void demoTaskComesWithASubscribeTokenForItselfOnly() throws Exception {
		HttpResponse<String> response = send(get("/api/demo/tasks").POST(HttpRequest.BodyPublishers.noBody()).build());
		assertThat(response.statusCode()).isEqualTo(201);
		String taskId = new ObjectMapper().readTree(response.body()).get("taskId").asString();
		SignedJWT token = SignedJWT.parse(demoTokenCookie(response));
		assertThat(token.verify(new MACVerifier(SECRET))).isTrue();
		JWTClaimsSet claims = token.getJWTClaimsSet();
		assertThat(claims.getStringListClaim(TaskTokens.TASKS_CLAIM)).containsExactly(taskId);
		assertThat(claims.getStringClaim(TaskTokens.SCOPE_CLAIM)).isEqualTo(TaskTokens.SUBSCRIBE);
		assertThat(claims.getAudience()).containsExactly(TaskTokens.AUDIENCE_VALUE);
		assertThat(claims.getExpirationTime().toInstant()).isAfter(Instant.now())
			.isBefore(Instant.now().plus(Duration.ofMinutes(1)));
	}

	@Test
	void demoTasksOnOneStreamComeWithOneTokenForThemOnlyWhichThePageRenews() throws Exception {
		HttpResponse<String> response = send(
				get("/api/demo/tasks?count=3").POST(HttpRequest.BodyPublishers.noBody()).build());
		assertThat(response.statusCode()).isEqualTo(201);
		List<String> taskIds = new ObjectMapper().readTree(response.body())
			.get("taskIds")
			.valueStream()
			.map(JsonNode::asString)
			.toList();
		assertThat(taskIds).hasSize(3).doesNotHaveDuplicates();
		assertThat(tokenTasks(demoTokenCookie(response))).containsExactlyElementsOf(taskIds);

		HttpResponse<String> renewed = send(
				get("/api/demo/tasks/" + taskIds.get(0) + "/token?also=" + taskIds.get(1) + "&also=" + taskIds.get(2))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build());

		assertThat(renewed.statusCode()).isEqualTo(204);
		assertThat(tokenTasks(demoTokenCookie(renewed))).containsExactlyElementsOf(taskIds);
		assertThat(send(
				get("/api/demo/tasks/" + taskIds.get(0) + "/token?also=t1").POST(HttpRequest.BodyPublishers.noBody())
					.build())
			.statusCode()).as("a token for a task that is not a demo task").isEqualTo(404);
		assertThat(send(get("/api/demo/tasks?count=11").POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode())
			.isEqualTo(400);
	}

	@Test
	@QuietOutput
	void nodeWithNeitherKeyNorAnonymousSwitchRefusesToStart(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
					"--management.server.port=0", "--spring.main.banner-mode=off"))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("ssegate.security.hmac-secret")
				.contains("ssegate.security.anonymous=true"));
		// The operator reads the failure analysis: it names the settings to set.
		assertThat(output).containsOnlyOnce("APPLICATION FAILED TO START")
			.contains("no token key is set: set ssegate.security.hmac-secret, hmac-secrets, jwks, jwk-set-uri or "
					+ "issuer-uri", "or ssegate.security.anonymous=true");
	}

	private void assertStreamOpens(HttpRequest.Builder request) throws Exception {
		HttpResponse<InputStream> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(body.readLine()).isEqualTo("retry: 3000");
		}
	}

	private HttpResponse<String> publish(String taskId, String token) throws Exception {
		HttpRequest.Builder request = eventPost("/api/tasks/" + taskId + "/events");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request.build());
	}

	private HttpRequest.Builder eventPost(String path) {
		return get(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"x\"}"));
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(Duration.ofSeconds(10));
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		// Bounded: the body of a stream opened by mistake would never end.
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
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

	/**
	 * The token of the demo's {@code Set-Cookie}, which must keep it from scripts and
	 * other sites.
	 */
	private static String demoTokenCookie(HttpResponse<?> response) {
		String cookie = response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((value) -> value.startsWith("ssegate_token="))
			.findFirst()
			.orElseThrow();
		assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/sse");
		return cookie.substring("ssegate_token=".length(), cookie.indexOf(';'));
	}

	private static List<String> tokenTasks(String token) throws Exception {
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
		return jwt.getJWTClaimsSet().getStringListClaim(TaskTokens.TASKS_CLAIM);
	}

	private static String base64Url(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
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
