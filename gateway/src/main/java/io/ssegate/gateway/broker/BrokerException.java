package io.ssegate.gateway.broker;

/**
 * The broker could not do what was asked; the subclasses say why.
 */
public class BrokerException extends RuntimeException {

	BrokerException(String message, Throwable cause) {
		super(message, cause);
	}

	BrokerException(String message) {
		super(message);
	}

}
