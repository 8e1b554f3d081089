package io.ssegate.gateway.broker;

import io.ssegate.gateway.system.ProblemResponses;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The one mapping of the broker's failures to HTTP: for the Servlet endpoints
 * ({@link BrokerProblemHandlers}) and the publish API's own answers alike.
 */
public final class BrokerFailures {

	private BrokerFailures() {
	}

	/**
	 * The status that answers a failure.
	 * @param failure the failure
	 * @return {@code 413} for an event too large, {@code 409} for a task that ended,
	 * {@code 503} (with {@code Retry-After}) when the broker is unavailable, {@code 500}
	 * otherwise
	 */
	public static HttpStatus status(BrokerException failure) {
		return switch (failure) {
			case EventTooLargeException ex -> HttpStatus.CONTENT_TOO_LARGE;
			case TaskEndedException ex -> HttpStatus.CONFLICT;
			case BrokerUnavailableException ex -> HttpStatus.SERVICE_UNAVAILABLE;
			default -> HttpStatus.INTERNAL_SERVER_ERROR;
		};
	}

	/**
	 * The problem detail that answers a failure, with {@code Retry-After} when it is
	 * worth trying again.
	 * @param failure the failure
	 * @return the response
	 */
	static ResponseEntity<ProblemDetail> problem(BrokerException failure) {
		HttpStatus status = status(failure);
		String detail = String.valueOf(failure.getMessage());
		return (status == HttpStatus.SERVICE_UNAVAILABLE) ? ProblemResponses.unavailable(detail)
				: ProblemResponses.of(status, detail);
	}

}
