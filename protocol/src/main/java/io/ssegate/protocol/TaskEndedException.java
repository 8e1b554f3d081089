package io.ssegate.protocol;

/**
 * A task's history ends with a terminal event: nothing more may be appended to it.
 */
public class TaskEndedException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what ended, and with which event
	 */
	public TaskEndedException(String message) {
		super(message);
	}

}
