package io.ssegate.gateway.system;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * RFC 9457 problem responses, as every feature's error mapping answers.
 */
public final class ProblemResponses {

	/** How long a client should wait before it tries again after a {@code 503}. */
	public static final String RETRY_AFTER_SECONDS = "5";

	private ProblemResponses() {
	}

	/**
	 * A problem response.
	 * @param status the status
	 * @param detail what went wrong
	 * @return the response
	 */
	public static ResponseEntity<ProblemDetail> of(HttpStatus status, String detail) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(status, detail));
	}

	/**
	 * A {@code 503} with {@code Retry-After}: try again later, here or on another node.
	 * @param detail why
	 * @return the response
	 */
	public static ResponseEntity<ProblemDetail> unavailable(String detail) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail));
	}

}
