package io.ssegate.gateway.stream;

/**
 * The broker did not subscribe or read the history in time; the client should retry
 * later.
 */
public class BrokerUnavailableException extends RuntimeException {

	BrokerUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
