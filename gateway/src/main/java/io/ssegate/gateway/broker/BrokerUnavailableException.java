package io.ssegate.gateway.broker;

/**
 * The broker is away or did not answer in time; nothing was done. Try again later.
 */
public final class BrokerUnavailableException extends BrokerException {

	BrokerUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
