package io.ssegate.gateway.security;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import org.jspecify.annotations.Nullable;

/**
 * The keys that verify tokens: those of the settings (HMAC secrets, inline public keys),
 * then, when none matches a token's header, those of the identity provider. The identity
 * provider's are nimbus's {@code JWKSourceBuilder}'s: cached for the time to live and
 * refreshed ahead of it on a schedule, refreshed at once (rate-limited) for an unknown
 * {@code kid}, and kept while the identity provider cannot be reached.
 *
 * @see <a href=
 * "https://connect2id.com/products/nimbus-jose-jwt/examples/validating-jwt-access-tokens">Nimbus
 * JOSE+JWT: validating JWT access tokens</a>
 */
final class TokenKeys implements JWKSource<SecurityContext>, Closeable {

	/** The largest key set read from an identity provider. */
	private static final int MAX_KEY_SET_BYTES = 256 * 1024;

	private final ImmutableJWKSet<SecurityContext> configured;

	private final @Nullable IdentityProviderKeySet identityProviderKeySet;

	private final @Nullable JWKSource<SecurityContext> identityProvider;

	private TokenKeys(JWKSet configured, @Nullable IdentityProviderKeySet identityProviderKeySet,
			SecurityProperties.KeySet settings) {
		this.configured = new ImmutableJWKSet<>(configured);
		this.identityProviderKeySet = identityProviderKeySet;
		this.identityProvider = (identityProviderKeySet != null) ? cached(identityProviderKeySet, settings) : null;
	}

	/**
	 * The keys of the settings.
	 * @param properties the settings
	 * @param meters counts the identity provider's key set fetches
	 * @return the keys; to be closed when the node stops
	 */
	static TokenKeys of(SecurityProperties properties, SecurityMeters meters) {
		return new TokenKeys(new JWKSet(configuredKeys(properties)), identityProviderKeySet(properties, meters),
				properties.keySet());
	}

	private static List<JWK> configuredKeys(SecurityProperties properties) {
		List<JWK> keys = new ArrayList<>();
		if (properties.hmacSecret() != null) {
			keys.add(hmac(properties.hmacSecret(), null));
		}
		for (Map.Entry<String, String> secret : properties.hmacSecrets().entrySet()) {
			keys.add(hmac(secret.getValue(), secret.getKey()));
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
		return keys;
	}

	private static OctetSequenceKey hmac(String secret, @Nullable String keyId) {
		return new OctetSequenceKey.Builder(secret.getBytes(StandardCharsets.UTF_8)).algorithm(JWSAlgorithm.HS256)
			.keyID(keyId)
			.build();
	}

	private static @Nullable IdentityProviderKeySet identityProviderKeySet(SecurityProperties properties,
			SecurityMeters meters) {
		int timeout = (int) properties.keySet().timeout().toMillis();
		DefaultResourceRetriever retriever = new DefaultResourceRetriever(timeout, timeout, MAX_KEY_SET_BYTES);
		if (properties.jwkSetUri() != null) {
			return IdentityProviderKeySet.at(properties.jwkSetUri(), retriever, meters);
		}
		if (properties.issuerUri() != null) {
			return IdentityProviderKeySet.ofIssuer(properties.issuerUri(), retriever, meters);
		}
		return null;
	}

	private static JWKSource<SecurityContext> cached(IdentityProviderKeySet source,
			SecurityProperties.KeySet settings) {
		// A refresh takes at most a connect and a read timeout; the scheduled one starts
		// that long ahead of the expiry.
		long refreshTimeout = 2 * settings.timeout().toMillis();
		return JWKSourceBuilder.create(source)
			.cache(settings.timeToLive().toMillis(), refreshTimeout)
			.refreshAheadCache(refreshTimeout, true)
			.rateLimited(settings.refreshMinInterval().toMillis())
			.outageTolerant(settings.outageTolerance().toMillis())
			.build();
	}

	@Override
	public List<JWK> get(JWKSelector selector, @Nullable SecurityContext context) throws KeySourceException {
		List<JWK> keys = this.configured.get(selector, context);
		if (!keys.isEmpty() || this.identityProvider == null) {
			return keys;
		}
		try {
			return this.identityProvider.get(selector, context);
		}
		catch (RateLimitReachedException ex) {
			// A token with a kid the key set did not have a moment ago: its keys are
			// loaded, none of them is this one. Before any load, it is an outage.
			if (this.identityProviderKeySet != null && this.identityProviderKeySet.hasFetched()) {
				return List.of();
			}
			throw ex;
		}
	}

	@Override
	public void close() throws IOException {
		if (this.identityProvider instanceof Closeable closeable) {
			closeable.close();
		}
	}

}
