package io.ssegate.gateway.stream;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A stream request this node cannot serve as asked: {@code 400} with the reason as the
 * problem detail. The reason names only what the client sent.
 */
class InvalidStreamRequestException extends ResponseStatusException {

	InvalidStreamRequestException(String reason) {
		super(HttpStatus.BAD_REQUEST, reason);
	}

}
