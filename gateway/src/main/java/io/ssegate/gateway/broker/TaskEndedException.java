package io.ssegate.gateway.broker;

/**
 * The task already ended (its history holds a final event): it takes no more events.
 */
public final class TaskEndedException extends BrokerException {

	TaskEndedException(String message) {
		super(message);
	}

}
