package io.ssegate.gateway.broker;

import io.ssegate.gateway.system.ProblemResponses;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the broker's exceptions to RFC 9457 problem details.
 */
@RestControllerAdvice
class BrokerProblemHandlers {

	@ExceptionHandler(EventTooLargeException.class)
	ResponseEntity<ProblemDetail> tooLarge(EventTooLargeException ex) {
		return ProblemResponses.of(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
	}

	@ExceptionHandler(EndedTaskException.class)
	ResponseEntity<ProblemDetail> ended(EndedTaskException ex) {
		return ProblemResponses.of(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler(BrokerUnavailableException.class)
	ResponseEntity<ProblemDetail> unavailable(BrokerUnavailableException ex) {
		return ProblemResponses.unavailable(ex.getMessage());
	}

	@ExceptionHandler(BrokerException.class)
	ResponseEntity<ProblemDetail> failed(BrokerException ex) {
		return ProblemResponses.of(HttpStatus.INTERNAL_SERVER_ERROR, ex.getMessage());
	}

}
