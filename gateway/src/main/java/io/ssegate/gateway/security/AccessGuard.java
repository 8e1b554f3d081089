package io.ssegate.gateway.security;

import java.util.Arrays;
import java.util.Optional;

import io.ssegate.gateway.system.GatewayMetrics;
import io.ssegate.notifier.TaskTokens;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Decides whether a request may follow ({@link TaskTokens#SUBSCRIBE}) or publish to
 * ({@link TaskTokens#PUBLISH}) a task. The token comes from
 * {@code Authorization: Bearer}, else the configured cookie, else the {@code token} query
 * parameter (browsers' {@code EventSource} cannot set headers). Missing or invalid → 401,
 * valid for other tasks or another scope → 403.
 */
@Component
public class AccessGuard {

	private static final String BEARER = "Bearer ";

	private final SecurityProperties properties;

	private final @Nullable TokenVerifier verifier;

	private final GatewayMetrics metrics;

	AccessGuard(SecurityProperties properties, GatewayMetrics metrics) {
		this.properties = properties;
		this.metrics = metrics;
		this.verifier = (properties.hmacSecret() != null || properties.jwks() != null) ? new TokenVerifier(properties)
				: null;
	}

	/**
	 * Require access to a task.
	 * @param request the request
	 * @param taskId the task
	 * @param scope {@link TaskTokens#SUBSCRIBE} or {@link TaskTokens#PUBLISH}
	 * @throws ResponseStatusException 401 or 403 when access is denied
	 */
	public void require(HttpServletRequest request, String taskId, String scope) {
		if (this.properties.anonymous() || this.verifier == null) {
			return;
		}
		String token = token(request);
		if (token == null) {
			this.metrics.authFailure("missing");
			throw new Unauthorized("A token is required (Authorization: Bearer, the " + this.properties.cookieName()
					+ " cookie, or the token query parameter)");
		}
		TaskGrant grant;
		try {
			grant = this.verifier.verify(token);
		}
		catch (TokenVerifier.InvalidTokenException ex) {
			this.metrics.authFailure("invalid");
			throw new Unauthorized("The token is not valid: " + ex.getMessage());
		}
		if (!grant.allows(scope, taskId)) {
			this.metrics.authFailure("forbidden");
			throw new ResponseStatusException(HttpStatus.FORBIDDEN,
					"The token does not allow " + scope + " on this task");
		}
	}

	private @Nullable String token(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return authorization.substring(BEARER.length()).trim();
		}
		Optional<String> cookie = Optional.ofNullable(request.getCookies())
			.flatMap((cookies) -> Arrays.stream(cookies)
				.filter((candidate) -> candidate.getName().equals(this.properties.cookieName()))
				.map(Cookie::getValue)
				.findFirst());
		return cookie.orElseGet(() -> request.getParameter("token"));
	}

	/**
	 * 401 with the {@code WWW-Authenticate} challenge.
	 */
	private static final class Unauthorized extends ResponseStatusException {

		Unauthorized(String reason) {
			super(HttpStatus.UNAUTHORIZED, reason);
		}

		@Override
		public HttpHeaders getHeaders() {
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ssegate\"");
			return headers;
		}

	}

}
