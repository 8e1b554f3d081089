package io.ssegate.notifier.tokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TaskTokensTests {

	private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!";

	@Test
	void subscribeTokenIsAnHs256JwtNamingScopeTasksAudienceAndExpiry() throws Exception {
		SignedJWT jwt = SignedJWT.parse(TaskTokens.hmac(SECRET).subscribe(Duration.ofMinutes(10), "42", "tenant-7:*"));
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("ssegate");
		assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("subscribe");
		assertThat(jwt.getJWTClaimsSet().getStringListClaim("tasks")).containsExactly("42", "tenant-7:*");
		assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isBetween(Instant.now().plusSeconds(9 * 60),
				Instant.now().plusSeconds(11 * 60));
	}

	@Test
	void publishTokenHasThePublishScope() throws Exception {
		SignedJWT jwt = SignedJWT.parse(TaskTokens.hmac(SECRET).publish(Duration.ofMinutes(1), "*"));
		assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("publish");
	}

	@Test
	void rsaAndEcPrivateKeysSignRs256AndEs256WithTheirKeyId() throws Exception {
		RSAKey rsa = new RSAKeyGenerator(2048).keyID("r1").generate();
		ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
		SignedJWT byRsa = SignedJWT.parse(TaskTokens.signedWith(rsa).subscribe(Duration.ofMinutes(1), "42"));
		SignedJWT byEc = SignedJWT.parse(TaskTokens.signedWith(ec).subscribe(Duration.ofMinutes(1), "42"));
		assertThat(byRsa.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(byRsa.getHeader().getKeyID()).isEqualTo("r1");
		assertThat(byRsa.verify(new RSASSAVerifier(rsa.toPublicJWK()))).isTrue();
		assertThat(byEc.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(byEc.verify(new ECDSAVerifier(ec.toPublicJWK()))).isTrue();
	}

	@Test
	void misuseIsRejected() throws Exception {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskTokens.hmac("short"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TaskTokens.signedWith(new RSAKeyGenerator(2048).generate().toPublicJWK()));
		TaskTokens tokens = TaskTokens.hmac(SECRET);
		assertThatIllegalArgumentException().isThrownBy(() -> tokens.subscribe(Duration.ZERO, "42"));
		assertThatIllegalArgumentException().isThrownBy(() -> tokens.subscribe(Duration.ofMinutes(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> tokens.subscribe(Duration.ofMinutes(1), "a b"));
		assertThatIllegalArgumentException().isThrownBy(() -> tokens.subscribe(Duration.ofMinutes(1), "a*b"));
		assertThatIllegalArgumentException().isThrownBy(() -> tokens.subscribe(Duration.ofMinutes(1), "x\ny"));
	}

}
