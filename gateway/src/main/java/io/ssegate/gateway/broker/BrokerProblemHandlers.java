package io.ssegate.gateway.broker;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the broker's exceptions to RFC 9457 problem details ({@link BrokerFailures}).
 */
@RestControllerAdvice
class BrokerProblemHandlers {

	@ExceptionHandler(BrokerException.class)
	ResponseEntity<ProblemDetail> failed(BrokerException ex) {
		return BrokerFailures.problem(ex);
	}

}
