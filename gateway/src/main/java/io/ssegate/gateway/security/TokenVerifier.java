package io.ssegate.gateway.security;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
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
import io.ssegate.notifier.TaskTokens;

/**
 * Verifies tokens minted by {@link TaskTokens}: the signature (HS256 with the shared
 * secret, RS256/ES256 with the configured public keys), the audience, the expiry, and the
 * presence of the scope and task claims.
 */
final class TokenVerifier {

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
		this.processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(TaskTokens.AUDIENCE_VALUE, null,
				Set.of("exp", TaskTokens.SCOPE_CLAIM, TaskTokens.TASKS_CLAIM)));
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
			return new TaskGrant(scope, List.copyOf(patterns));
		}
		catch (ParseException | BadJOSEException | JOSEException ex) {
			// The message never includes the token itself.
			throw new InvalidTokenException(ex.getMessage());
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
