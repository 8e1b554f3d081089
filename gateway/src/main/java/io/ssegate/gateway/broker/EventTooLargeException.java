package io.ssegate.gateway.broker;

/**
 * An event is larger than {@code ssegate.publish.max-payload-bytes} once encoded.
 */
public final class EventTooLargeException extends BrokerException {

	EventTooLargeException(String message) {
		super(message);
	}

}
