package io.ssegate.gateway.security;

import io.ssegate.gateway.system.ProblemResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A token could not be verified because the identity provider's key set is needed and
 * none could be loaded yet: {@code 503} with {@code Retry-After}, not {@code 401}, since
 * the token may be good. Keys loaded once keep verifying tokens while the identity
 * provider is down.
 */
public class KeySetUnavailableException extends ResponseStatusException {

	KeySetUnavailableException(Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "The identity provider's keys could not be loaded yet; try again later",
				cause);
	}

	@Override
	public HttpHeaders getHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, ProblemResponses.RETRY_AFTER_SECONDS);
		return headers;
	}

}
