package io.ssegate.gateway.system;

import io.ssegate.gateway.stream.StreamRefusedException;
import io.ssegate.notifier.NotifierException;
import io.ssegate.notifier.PayloadTooLargeException;
import io.ssegate.notifier.RedisUnavailableException;
import io.ssegate.notifier.TaskEndedException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the gateway's and the notifier's exceptions to RFC 9457 problem details.
 */
@RestControllerAdvice
class ProblemHandlers {

	private static final String RETRY_AFTER_SECONDS = "5";

	@ExceptionHandler(PayloadTooLargeException.class)
	ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException ex) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
	}

	@ExceptionHandler(TaskEndedException.class)
	ResponseEntity<ProblemDetail> ended(TaskEndedException ex) {
		return problem(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler({ RedisUnavailableException.class, StreamRefusedException.class })
	ResponseEntity<ProblemDetail> unavailable(RuntimeException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage()));
	}

	@ExceptionHandler(NotifierException.class)
	ResponseEntity<ProblemDetail> failed(NotifierException ex) {
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, ex.getMessage());
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(status, detail));
	}

}
