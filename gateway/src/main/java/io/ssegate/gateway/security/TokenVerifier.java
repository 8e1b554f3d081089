package io.ssegate.gateway.security;

import java.io.Closeable;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.ssegate.notifier.tokens.TaskTokens;
import org.jspecify.annotations.Nullable;

/**
 * Verifies tokens minted by {@link TaskTokens} or an identity provider: the signature
 * (HS256 with a shared secret, RS256/ES256 with the configured or the identity provider's
 * public keys, see {@link TokenKeys}), the audience, the issuer of {@code issuer-uri},
 * the expiry, and the presence of the scope and task claims (their names configurable),
 * allowing {@link #CLOCK_SKEW} for the expiry and {@code nbf}.
 */
final class TokenVerifier implements Closeable {

	/**
	 * How long after its expiry (or before its {@code nbf}) a token is still accepted,
	 * for clocks that differ between the token's issuer and the gateway. A stream opened
	 * with a token ends at its expiry plus this allowance.
	 */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

	private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

	private final TokenKeys keys;

	private final SecurityProperties.Claims claimNames;

	TokenVerifier(SecurityProperties properties, SecurityMeters meters) {
		this.keys = TokenKeys.of(properties, meters);
		this.claimNames = properties.claims();
		this.processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
				Set.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256, JWSAlgorithm.ES256), this.keys));
		JWTClaimsSet exactMatch = (properties.issuerUri() != null)
				? new JWTClaimsSet.Builder().issuer(properties.issuerUri().toString()).build() : null;
		DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(properties.audience(),
				exactMatch, Set.of("exp", this.claimNames.scope(), this.claimNames.tasks()));
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
	 * @throws KeySetUnavailableException if the identity provider's keys are needed and
	 * none could be loaded yet
	 */
	TaskGrant verify(String token) {
		try {
			JWTClaimsSet claims = this.processor.process(token, null);
			List<String> patterns = claims.getStringListClaim(this.claimNames.tasks());
			String scope = scopeOf(claims.getClaim(this.claimNames.scope()));
			if (patterns == null || scope == null) {
				throw new InvalidTokenException("token lacks scope or tasks");
			}
			return new TaskGrant(scope, List.copyOf(patterns), claims.getExpirationTime().toInstant().plus(CLOCK_SKEW),
					claims.getSubject());
		}
		catch (KeySourceException ex) {
			throw new KeySetUnavailableException(ex);
		}
		catch (ParseException | BadJOSEException | JOSEException ex) {
			// The message never includes the token itself.
			throw new InvalidTokenException(String.valueOf(ex.getMessage()));
		}
	}

	/**
	 * The scope claim as space-separated scopes: a string as OAuth's {@code scope} claim,
	 * or a list of strings.
	 */
	private static @Nullable String scopeOf(@Nullable Object claim) {
		if (claim instanceof String scope) {
			return scope;
		}
		if (claim instanceof List<?> scopes && scopes.stream().allMatch(String.class::isInstance)) {
			return scopes.stream().map(String.class::cast).collect(Collectors.joining(" "));
		}
		return null;
	}

	@Override
	public void close() throws IOException {
		this.keys.close();
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
