package io.ssegate.gateway.stream;

import io.ssegate.gateway.system.ProblemResponses;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps a refused stream to {@code 503} with {@code Retry-After}, as an RFC 9457 problem.
 */
@RestControllerAdvice
class StreamProblemHandlers {

	@ExceptionHandler(StreamRefusedException.class)
	ResponseEntity<ProblemDetail> refused(StreamRefusedException ex) {
		return ProblemResponses.unavailable(ex.getMessage());
	}

}
