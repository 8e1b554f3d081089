package io.ssegate.gateway.security;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.ssegate.notifier.tokens.TaskTokens;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Decides whether a request may follow ({@link TaskTokens#SUBSCRIBE}) or publish to
 * ({@link TaskTokens#PUBLISH}) a task. A subscribe token comes from
 * {@code Authorization: Bearer}, else the configured cookie, else the {@code token} query
 * parameter (browsers' {@code EventSource} cannot set headers). A publish token comes
 * from {@code Authorization: Bearer} only: a cookie would be sent by any page that posts
 * to the gateway (cross-site request forgery), and a query string ends up in access logs.
 * Missing or invalid → 401, valid for other tasks or another scope → 403, not verifiable
 * because the identity provider's keys could not be loaded yet → 503
 * ({@link KeySetUnavailableException}).
 */
@Component
public class AccessGuard implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(AccessGuard.class);

	private static final String BEARER = "Bearer ";

	private final SecurityProperties properties;

	private final @Nullable TokenVerifier verifier;

	private final SecurityMeters metrics;

	AccessGuard(SecurityProperties properties, SecurityMeters metrics) {
		this.properties = properties;
		this.metrics = metrics;
		this.verifier = properties.hasKeys() ? new TokenVerifier(properties, metrics) : null;
	}

	/**
	 * Require access to a task.
	 * @param request the request
	 * @param taskId the task
	 * @param scope {@link TaskTokens#SUBSCRIBE} or {@link TaskTokens#PUBLISH}
	 * @return the access: until when, and to whom
	 * @throws ResponseStatusException 401 or 403 when access is denied, 503 when the
	 * token cannot be verified yet
	 */
	public Access require(HttpServletRequest request, String taskId, String scope) {
		return require(request, List.of(taskId), scope);
	}

	/**
	 * Require access to every task of a list, with one token.
	 * @param request the request
	 * @param taskIds the tasks
	 * @param scope {@link TaskTokens#SUBSCRIBE} or {@link TaskTokens#PUBLISH}
	 * @return the access: until when, and to whom
	 * @throws ResponseStatusException 401 or 403 when access is denied (a 403's reason
	 * names no task), 503 when the token cannot be verified yet
	 */
	public Access require(HttpServletRequest request, List<String> taskIds, String scope) {
		TokenVerifier verifier = activeVerifier();
		if (verifier == null) {
			return Access.ANONYMOUS;
		}
		String token = TaskTokens.PUBLISH.equals(scope) ? bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION))
				: subscribeToken(request);
		return check(verifier, token, taskIds, scope);
	}

	/**
	 * Require a publish token for a task, from the value of the request's
	 * {@code Authorization} header (for handlers outside the Servlet API).
	 * @param authorization the header's value, or {@code null} when absent
	 * @param taskId the task
	 * @throws ResponseStatusException 401 or 403 when access is denied, 503 when the
	 * token cannot be verified yet
	 */
	public void requirePublish(@Nullable String authorization, String taskId) {
		requirePublish(authorization, List.of(taskId));
	}

	/**
	 * Require one publish token for every task of a list, from the value of the request's
	 * {@code Authorization} header.
	 * @param authorization the header's value, or {@code null} when absent
	 * @param taskIds the tasks
	 * @throws ResponseStatusException 401 or 403 when access is denied (a 403's reason
	 * names no task), 503 when the token cannot be verified yet
	 */
	public void requirePublish(@Nullable String authorization, List<String> taskIds) {
		TokenVerifier verifier = activeVerifier();
		if (verifier != null) {
			check(verifier, bearerToken(authorization), taskIds, TaskTokens.PUBLISH);
		}
	}

	/**
	 * Stop refreshing the identity provider's keys.
	 * @throws IOException if the key set's resources fail to close
	 */
	@Override
	public void destroy() throws IOException {
		if (this.verifier != null) {
			this.verifier.close();
		}
	}

	/** The verifier, or {@code null} on an anonymous node. */
	private @Nullable TokenVerifier activeVerifier() {
		return this.properties.anonymous() ? null : this.verifier;
	}

	private Access check(TokenVerifier verifier, @Nullable String token, List<String> taskIds, String scope) {
		if (token == null) {
			throw unauthorized("missing", TaskTokens.PUBLISH.equals(scope)
					? "A publish token is required in the Authorization: Bearer header (not a cookie or the query)"
					: "A token is required (Authorization: Bearer, the " + this.properties.cookieName()
							+ " cookie, or the token query parameter)");
		}
		TaskGrant grant;
		try {
			grant = verifier.verify(token);
		}
		catch (TokenVerifier.InvalidTokenException ex) {
			throw unauthorized("invalid", "The token is not valid: " + ex.getMessage());
		}
		catch (KeySetUnavailableException ex) {
			refused("unavailable", String.valueOf(ex.getReason()));
			throw ex;
		}
		if (!taskIds.stream().allMatch((taskId) -> grant.allows(scope, taskId))) {
			String reason = "The token does not allow " + scope
					+ ((taskIds.size() == 1) ? " on this task" : TaskTokens.PUBLISH.equals(scope)
							? " on every task of the request" : " on every task of the stream");
			refused("forbidden", reason);
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, reason);
		}
		return new Access(grant.endsAt(), grant.subject());
	}

	private Unauthorized unauthorized(String failure, String reason) {
		refused(failure, reason);
		return new Unauthorized(reason);
	}

	/**
	 * Count a refusal and log why at debug level: never the token, nor the task id, which
	 * may not be validated yet.
	 */
	private void refused(String failure, String reason) {
		this.metrics.authFailure(failure);
		logger.debug("Refused a request ({}): {}", failure, reason);
	}

	private static @Nullable String bearerToken(@Nullable String authorization) {
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return authorization.substring(BEARER.length()).trim();
		}
		return null;
	}

	private @Nullable String subscribeToken(HttpServletRequest request) {
		String bearer = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (bearer != null) {
			return bearer;
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
