package io.ssegate.gateway.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ssegate.notifier.tokens.TaskTokens;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access control, under {@code ssegate.security.*}.
 *
 * @param anonymous whether anyone may follow and publish to any task without a token (for
 * demos and trials only)
 * @param hmacSecret the shared secret of HS256 tokens without a {@code kid}, at least 32
 * characters
 * @param hmacSecrets shared secrets of HS256 tokens by the {@code kid} of their header,
 * at least 32 characters each: several at once let a secret be rotated
 * @param jwks the public keys of RS256/ES256 tokens, as a JSON Web Key Set
 * @param jwkSetUri the URL of an identity provider's JSON Web Key Set, fetched and
 * refreshed while the node runs
 * @param issuerUri the issuer of the identity provider's tokens: its key set is found
 * through OpenID discovery, and a token's {@code iss} must equal it
 * @param audience the {@code aud} a token must carry
 * @param claims the names of the claims that carry a token's grant
 * @param keySet how the key set of {@code jwk-set-uri} or {@code issuer-uri} is fetched
 * and kept
 * @param cookieName the cookie that may carry a token
 * @param allowedOrigins origins allowed to call the SSE and publish endpoints from
 * another site (CORS, with credentials); empty means same-origin only
 */
@ConfigurationProperties("ssegate.security")
@Validated
public record SecurityProperties(@DefaultValue("false") boolean anonymous,
		@Nullable @Size(min = 32, message = "must be at least 32 characters") String hmacSecret,
		@DefaultValue Map<String, @Size(min = 32, message = "must be at least 32 characters") String> hmacSecrets,
		@Nullable String jwks, @Nullable URI jwkSetUri, @Nullable URI issuerUri,
		@NotBlank @DefaultValue(TaskTokens.AUDIENCE_VALUE) String audience, @Valid @DefaultValue Claims claims,
		@Valid @DefaultValue KeySet keySet, @NotBlank @DefaultValue("ssegate_token") String cookieName,
		@DefaultValue List<String> allowedOrigins) {

	/**
	 * Whether the node knows how to decide who may do what.
	 * @return {@code true} with a key, or when anonymous access is switched on
	 */
	@AssertTrue(message = "no token key is set: set ssegate.security.hmac-secret, hmac-secrets, jwks, jwk-set-uri "
			+ "or issuer-uri to verify tokens, or ssegate.security.anonymous=true to serve without authentication "
			+ "(demos only)")
	public boolean isConfigured() {
		return this.anonymous || hasKeys();
	}

	/**
	 * Whether at most one of {@code jwk-set-uri} and {@code issuer-uri} is set.
	 * @return {@code false} when both are
	 */
	@AssertTrue(message = "set ssegate.security.jwk-set-uri or ssegate.security.issuer-uri, not both: "
			+ "the issuer's discovery document names its key set")
	public boolean isOneKeySetUri() {
		return this.jwkSetUri == null || this.issuerUri == null;
	}

	/**
	 * Whether a key or a source of keys is set.
	 * @return {@code true} when tokens can be verified
	 */
	boolean hasKeys() {
		return this.hmacSecret != null || !this.hmacSecrets.isEmpty() || this.jwks != null || hasKeySetUri();
	}

	/**
	 * Whether keys come from an identity provider.
	 * @return {@code true} with {@code jwk-set-uri} or {@code issuer-uri}
	 */
	boolean hasKeySetUri() {
		return this.jwkSetUri != null || this.issuerUri != null;
	}

	/**
	 * The names of the claims that carry a token's grant, for tokens of an identity
	 * provider that has its own.
	 *
	 * @param tasks the claim of the task ids and prefixes, a list of strings
	 * @param scope the claim of the scope: a string of space-separated scopes, as OAuth's
	 * {@code scope} claim, or a list of strings
	 */
	public record Claims(@NotBlank @DefaultValue(TaskTokens.TASKS_CLAIM) String tasks,
			@NotBlank @DefaultValue(TaskTokens.SCOPE_CLAIM) String scope) {
	}

	/**
	 * How the key set of an identity provider is fetched and kept.
	 *
	 * @param timeToLive how long a fetched key set is used before it is fetched again (a
	 * scheduled refresh fetches it shortly before); a key removed from the identity
	 * provider's set stops being accepted after this
	 * @param refreshMinInterval the least time between two fetches caused by tokens with
	 * an unknown {@code kid}, so that made-up key ids cannot flood the identity provider
	 * @param outageTolerance how long the last key set stays in use after its time to
	 * live while the identity provider cannot be reached
	 * @param timeout the connect and the read timeout of one fetch
	 */
	public record KeySet(@DefaultValue("5m") Duration timeToLive, @DefaultValue("30s") Duration refreshMinInterval,
			@DefaultValue("1h") Duration outageTolerance, @DefaultValue("2s") Duration timeout) {

		/**
		 * Whether the durations fit together.
		 * @return {@code true} when the time to live exceeds the refresh interval and
		 * leaves time for a refresh ahead of expiry
		 */
		@AssertTrue(message = "time-to-live must exceed refresh-min-interval and four timeouts")
		public boolean isConsistent() {
			return this.timeToLive.compareTo(this.refreshMinInterval) > 0
					&& this.timeToLive.compareTo(this.timeout.multipliedBy(4)) > 0;
		}

	}

}
