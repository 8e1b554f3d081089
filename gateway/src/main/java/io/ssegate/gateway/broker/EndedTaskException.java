package io.ssegate.gateway.broker;

/**
 * The task already ended (its history holds a terminal event): it takes no more events.
 */
public class EndedTaskException extends BrokerException {

	EndedTaskException(String message) {
		super(message);
	}

}
