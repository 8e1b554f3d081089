package io.ssegate.gateway.security;

import java.util.List;

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
 * @param hmacSecret the shared secret of HS256 tokens, at least 32 characters
 * @param jwks the public keys of RS256/ES256 tokens, as a JSON Web Key Set
 * @param cookieName the cookie that may carry a token
 * @param allowedOrigins origins allowed to call the SSE and publish endpoints from
 * another site (CORS, with credentials); empty means same-origin only
 */
@ConfigurationProperties("ssegate.security")
@Validated
public record SecurityProperties(@DefaultValue("false") boolean anonymous,
		@Nullable @Size(min = 32, message = "must be at least 32 characters") String hmacSecret, @Nullable String jwks,
		@NotBlank @DefaultValue("ssegate_token") String cookieName, @DefaultValue List<String> allowedOrigins) {

	/**
	 * Whether the node knows how to decide who may do what.
	 * @return {@code true} with a key, or when anonymous access is switched on
	 */
	@AssertTrue(message = "no token key is set: set ssegate.security.hmac-secret or ssegate.security.jwks "
			+ "to verify tokens, or ssegate.security.anonymous=true to serve without authentication (demos only)")
	public boolean isConfigured() {
		return this.anonymous || this.hmacSecret != null || this.jwks != null;
	}

}
