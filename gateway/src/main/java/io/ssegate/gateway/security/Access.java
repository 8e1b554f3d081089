package io.ssegate.gateway.security;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Access that {@link AccessGuard} allowed.
 *
 * @param endsAt when the access ends (the token's expiry plus a few seconds' allowance
 * for clock skew), or {@code null} on an anonymous node
 * @param subject the token's subject ({@code sub}), or {@code null} on an anonymous node
 * or for a token without one
 */
public record Access(@Nullable Instant endsAt, @Nullable String subject) {

	/** What an anonymous node allows: everything, to nobody in particular. */
	static final Access ANONYMOUS = new Access(null, null);

}
