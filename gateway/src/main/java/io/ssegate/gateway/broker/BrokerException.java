package io.ssegate.gateway.broker;

/**
 * The broker could not do what was asked; the subclasses say why, and
 * {@link BrokerFailures#status(BrokerException)} maps each to its HTTP status.
 */
public sealed class BrokerException extends RuntimeException
		permits BrokerUnavailableException, TaskEndedException, EventTooLargeException {

	BrokerException(String message, Throwable cause) {
		super(message, cause);
	}

	BrokerException(String message) {
		super(message);
	}

}
