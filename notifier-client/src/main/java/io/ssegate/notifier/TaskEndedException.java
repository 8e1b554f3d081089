package io.ssegate.notifier;

/**
 * The task already ended (an END or ERROR event was published); it accepts no more events
 * until its history expires.
 */
public class TaskEndedException extends NotifierException {

	/**
	 * Create an exception.
	 * @param message what went wrong
	 */
	public TaskEndedException(String message) {
		super(message);
	}

}
