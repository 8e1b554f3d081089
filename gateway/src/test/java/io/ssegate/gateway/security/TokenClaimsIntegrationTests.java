package io.ssegate.gateway.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several HMAC secrets chosen by {@code kid}, and the claim names and audience of an
 * identity provider's tokens (here Auth0's style: a namespaced task claim, OAuth's
 * space-separated {@code scope}, an API identifier as audience).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ssegate.security.hmac-secret=" + TokenClaimsIntegrationTests.UNNAMED,
				"ssegate.security.hmac-secrets.k1=" + TokenClaimsIntegrationTests.FIRST,
				"ssegate.security.hmac-secrets.k2=" + TokenClaimsIntegrationTests.SECOND,
				"ssegate.security.claims.tasks=" + TokenClaimsIntegrationTests.TASKS_CLAIM,
				"ssegate.security.audience=https://push.example.com" })
class TokenClaimsIntegrationTests {

	static final String UNNAMED = "the-secret-of-tokens-without-a-kid!!";

	static final String FIRST = "the-first-secret-of-at-least-32-bytes";

	static final String SECOND = "the-second-secret-of-at-least-32-bytes";

	static final String TASKS_CLAIM = "https://push.example.com/tasks";

	@LocalServerPort
	int port;

	@Test
	void eachSecretVerifiesTheTokensOfItsKid() throws Exception {
		StreamProbe streams = streams();
		assertThat(streams.status(token(FIRST, "k1", UnaryOperator.identity()))).isEqualTo(200);
		assertThat(streams.status(token(SECOND, "k2", UnaryOperator.identity()))).isEqualTo(200);
		assertThat(streams.status(token(UNNAMED, null, UnaryOperator.identity()))).isEqualTo(200);
		assertThat(streams.status(token(FIRST, "k2", UnaryOperator.identity()))).isEqualTo(401);
		assertThat(streams.status(token(FIRST, "k3", UnaryOperator.identity()))).isEqualTo(401);
	}

	@Test
	void configuredClaimNamesAndAudienceCarryTheGrant() throws Exception {
		StreamProbe streams = streams();
		assertThat(streams.status(token(FIRST, "k1", (claims) -> claims.claim("scope", "openid subscribe email"))))
			.isEqualTo(200);
		assertThat(streams.status(token(FIRST, "k1", (claims) -> claims.claim("scope", List.of("subscribe")))))
			.isEqualTo(200);
		assertThat(streams.status(token(FIRST, "k1", (claims) -> claims.claim("scope", "openid publish"))))
			.isEqualTo(403);
		assertThat(streams.status("t2", token(FIRST, "k1", UnaryOperator.identity()))).isEqualTo(403);
		// Today's claim name and audience are not these.
		assertThat(streams
			.status(token(FIRST, "k1", (claims) -> claims.claim(TASKS_CLAIM, null).claim("tasks", List.of("t1")))))
			.isEqualTo(401);
		assertThat(streams.status(token(FIRST, "k1", (claims) -> claims.audience("ssegate")))).isEqualTo(401);
	}

	private StreamProbe streams() {
		return new StreamProbe("http://localhost:" + this.port);
	}

	private static String token(String secret, @Nullable String keyId, UnaryOperator<JWTClaimsSet.Builder> claims)
			throws JOSEException {
		Instant now = Instant.now();
		JWTClaimsSet.Builder valid = new JWTClaimsSet.Builder().audience("https://push.example.com")
			.claim("scope", "subscribe")
			.claim(TASKS_CLAIM, List.of("t1"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keyId).build(),
				claims.apply(valid).build());
		jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

}
