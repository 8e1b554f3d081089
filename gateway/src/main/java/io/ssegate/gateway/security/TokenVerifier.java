package io.ssegate.gateway.security;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.ssegate.notifier.tokens.TaskTokens;

/**
 * Verifies tokens minted by {@link TaskTokens}: the signature (HS256 with the shared
 * secret, RS256/ES256 with the configured public keys), the audience, the expiry, and the
 * presence of the scope and task claims, allowing {@link #CLOCK_SKEW} for the expiry and
 * {@code nbf}.
 */
final class TokenVerifier {

	/**
	 * How long after its expiry (or before its {@code nbf}) a token is still accepted,
	 * for clocks that differ between the token's issuer and the gateway. A stream opened
	 * with a token ends at its expiry plus this allowance.
	 */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

	private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

	TokenVerifier(SecurityProperties properties) {
		List<JWK> keys = new ArrayList<>();
		if (properties.hmacSecret() != null) {
			keys.add(new OctetSequenceKey.Builder(properties.hmacSecret().getBytes(StandardCharsets.UTF_8))
				.algorithm(JWSAlgorithm.HS256)
				.build());
		}
		if (properties.jwks() != null) {
			try {
				keys.addAll(JWKSet.parse(properties.jwks()).toPublicJWKSet().getKeys());
			}
			catch (ParseException ex) {
				throw new IllegalArgumentException(
						"ssegate.security.jwks is not a JSON Web Key Set: " + ex.getMessage(), ex);
			}
		}
		this.processor.setJWSKeySelector(
				new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256, JWSAlgorithm.ES256),
						new ImmutableJWKSet<>(new JWKSet(keys))));
		DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(TaskTokens.AUDIENCE_VALUE,
				null, Set.of("exp", TaskTokens.SCOPE_CLAIM, TaskTokens.TASKS_CLAIM));
		// Not nimbus's default of 60 s: a stream ends, and its reconnect with the same
		// token is refused, within this allowance after the expiry.
		claims.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
		this.processor.setJWTClaimsSetVerifier(claims);
	}

	/**
	 * Verify a token.
	 * @param token the serialized JWT
	 * @return what it allows
	 * @throws InvalidTokenException if it is malformed, badly signed, expired or
	 * incomplete
	 */
	TaskGrant verify(String token) {
		try {
			JWTClaimsSet claims = this.processor.process(token, null);
			List<String> patterns = claims.getStringListClaim(TaskTokens.TASKS_CLAIM);
			String scope = claims.getStringClaim(TaskTokens.SCOPE_CLAIM);
			if (patterns == null || scope == null) {
				throw new InvalidTokenException("token lacks scope or tasks");
			}
			return new TaskGrant(scope, List.copyOf(patterns), claims.getExpirationTime().toInstant().plus(CLOCK_SKEW),
					claims.getSubject());
		}
		catch (ParseException | BadJOSEException | JOSEException ex) {
			// The message never includes the token itself.
			throw new InvalidTokenException(String.valueOf(ex.getMessage()));
		}
	}

	/**
	 * A token that cannot be trusted.
	 */
	static final class InvalidTokenException extends RuntimeException {

		InvalidTokenException(String message) {
			super(message);
		}

	}

}
