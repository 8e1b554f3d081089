package io.ssegate.gateway.security;

import java.io.BufferedReader;
import java.io.IOException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.ssegate.notifier.tokens.TaskTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens that must not open a stream: forged, incomplete, not yet or no longer valid, for
 * another audience, scope or task, or too large.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TokenValidationIntegrationTests {

	/** What {@link #statusOrRefused} counts a connection closed without an answer as. */
	private static final int REFUSED = 400;

	private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!";

	private static final RSAKey RSA = generateRsa("rsa-1");

	private final TaskTokens hmacTokens = TaskTokens.hmac(SECRET);

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	private String baseUrl;

	@DynamicPropertySource
	static void keys(DynamicPropertyRegistry registry) {
		registry.add("ssegate.security.hmac-secret", () -> SECRET);
		registry.add("ssegate.security.jwks", () -> new JWKSet(RSA.toPublicJWK()).toString());
	}

	@BeforeEach
	void setUp() {
		this.baseUrl = "http://localhost:" + this.port;
	}

	@Test
	void wellFormedTokenOpensTheStream() throws Exception {
		// The baseline of every token below: minted the same way, then spoiled once.
		assertThat(streamStatus(hmac((claims) -> claims))).isEqualTo(200);
		assertThat(streamStatus(signed(new RSASSASigner(RSA), header(JWSAlgorithm.RS256, "rsa-1"), (claims) -> claims)))
			.isEqualTo(200);
	}

	@Test
	void tokenForAnotherAudienceIsUnauthorized() throws Exception {
		assertUnauthorized(hmac((claims) -> claims.audience("another-service")));
		assertUnauthorized(hmac((claims) -> claims.audience((String) null)));
	}

	@Test
	void tokenWithoutExpiryIsUnauthorized() throws Exception {
		assertUnauthorized(hmac((claims) -> claims.expirationTime(null)));
	}

	@Test
	void tokenNotValidBeforeALaterTimeIsUnauthorized() throws Exception {
		assertUnauthorized(
				hmac((claims) -> claims.notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(1))))));
	}

	@Test
	void tokenWithAnUnknownKeyIdIsUnauthorized() throws Exception {
		RSAKey unknown = generateRsa("rsa-2");
		assertUnauthorized(signed(new RSASSASigner(unknown), header(JWSAlgorithm.RS256, "rsa-2"), (claims) -> claims));
		// The configured key's signature does not help a token that names another key.
		assertUnauthorized(signed(new RSASSASigner(RSA), header(JWSAlgorithm.RS256, "rsa-2"), (claims) -> claims));
	}

	@Test
	void hs256TokenSignedWithThePublicKeyIsUnauthorized() throws Exception {
		// Algorithm confusion: an attacker knows the public key and uses it as an HMAC
		// secret.
		byte[] encodedKey = RSA.toRSAPublicKey().getEncoded();
		byte[] publicJwk = RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
		for (byte[] secret : List.of(encodedKey, publicJwk)) {
			assertUnauthorized(signed(new MACSigner(secret), header(JWSAlgorithm.HS256, null), (claims) -> claims));
			assertUnauthorized(signed(new MACSigner(secret), header(JWSAlgorithm.HS256, "rsa-1"), (claims) -> claims));
		}
	}

	@Test
	void unsecuredTokenIsUnauthorized() throws Exception {
		String unsecured = new PlainJWT(validClaims().build()).serialize();
		assertUnauthorized(unsecured);
		// "alg":"none" with a signature left on from a genuine token.
		String genuine = hmac((claims) -> claims);
		assertUnauthorized(unsecured + genuine.substring(genuine.lastIndexOf('.') + 1));
	}

	@Test
	void publishTokenCannotSubscribe() throws Exception {
		assertThat(streamStatus(this.hmacTokens.publish(Duration.ofMinutes(5), "t1"))).isEqualTo(403);
	}

	@Test
	void grantCoversOnlyTheTasksItNames() throws Exception {
		String prefix = this.hmacTokens.subscribe(Duration.ofMinutes(5), "tenant-7:*");
		for (String taskId : List.of("tenant-7", "tenant-70:export", "TENANT-7:export", "x-tenant-7:export")) {
			assertThat(streamStatus(taskId, prefix)).as(taskId).isEqualTo(403);
		}
		String exact = this.hmacTokens.subscribe(Duration.ofMinutes(5), "t1");
		assertThat(streamStatus("t10", exact)).isEqualTo(403);
	}

	@Test
	void oversizedTokenIsAClientError() throws Exception {
		String oversized = hmac((claims) -> claims.claim("padding", "x".repeat(16 * 1024)));
		List<Integer> statuses = List.of(
				statusOrRefused(get("/sse/register?taskId=t1").header("Authorization", "Bearer " + oversized)),
				statusOrRefused(get("/sse/register?taskId=t1").header("Cookie", "ssegate_token=" + oversized)),
				statusOrRefused(get("/sse/register?taskId=t1&token=" + oversized)),
				statusOrRefused(get("/api/tasks/t1/events").header("Authorization", "Bearer " + oversized)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{}"))));
		assertThat(statuses).allSatisfy((status) -> assertThat(status).isBetween(400, 499));
		// A large token within the request limits is read, and refused as any bad one.
		assertUnauthorized(signed(new MACSigner("another-secret-that-is-32-bytes-long!!"),
				header(JWSAlgorithm.HS256, null), (claims) -> claims.claim("padding", "x".repeat(4 * 1024))));
	}

	private void assertUnauthorized(String token) throws Exception {
		HttpResponse<InputStream> response = this.http.send(
				get("/sse/register?taskId=t1").header("Authorization", "Bearer " + token).build(),
				HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			// Checked before reading: the body of an opened stream does not end.
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains("The token is not valid");
		}
	}

	private int streamStatus(String token) throws Exception {
		return streamStatus("t1", token);
	}

	/**
	 * The status of a stream opened with a token; an opened stream is closed at once.
	 */
	private int streamStatus(String taskId, String token) throws Exception {
		HttpResponse<InputStream> response = this.http.send(
				get("/sse/register?taskId=" + taskId).header("Authorization", "Bearer " + token).build(),
				HttpResponse.BodyHandlers.ofInputStream());
		try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			if (response.statusCode() == 200) {
				assertThat(body.readLine()).startsWith("retry: ");
			}
			return response.statusCode();
		}
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(Duration.ofSeconds(10));
	}

	/**
	 * The status of a request that Jetty refuses for its size; {@link #REFUSED} when the
	 * connection closed before an answer could be read. Jetty answers 431 or 414 and
	 * closes the connection without reading the rest of the request: while the client
	 * still sends, the reset that the unread bytes cause can destroy the answer before it
	 * is read. A CI run saw it once in many.
	 */
	private int statusOrRefused(HttpRequest.Builder request) throws Exception {
		try {
			return send(request).statusCode();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException) {
				return REFUSED;
			}
			throw ex;
		}
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		// Bounded: the body of a stream opened by mistake would never end.
		return this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
	}

	/**
	 * The claims of a valid subscribe token for {@code t1}.
	 */
	private static JWTClaimsSet.Builder validClaims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().audience(TaskTokens.AUDIENCE_VALUE)
			.claim(TaskTokens.SCOPE_CLAIM, TaskTokens.SUBSCRIBE)
			.claim(TaskTokens.TASKS_CLAIM, List.of("t1"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
	}

	private static String hmac(UnaryOperator<JWTClaimsSet.Builder> spoil) throws JOSEException {
		return signed(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), header(JWSAlgorithm.HS256, null), spoil);
	}

	private static String signed(JWSSigner signer, JWSHeader header, UnaryOperator<JWTClaimsSet.Builder> spoil)
			throws JOSEException {
		SignedJWT jwt = new SignedJWT(header, spoil.apply(validClaims()).build());
		jwt.sign(signer);
		return jwt.serialize();
	}

	private static JWSHeader header(JWSAlgorithm algorithm, String keyId) {
		return new JWSHeader.Builder(algorithm).keyID(keyId).build();
	}

	private static RSAKey generateRsa(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
