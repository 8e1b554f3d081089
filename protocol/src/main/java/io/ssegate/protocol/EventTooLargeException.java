package io.ssegate.protocol;

/**
 * An encoded envelope is larger than the limit it was encoded for.
 */
public class EventTooLargeException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message the size and the limit
	 */
	public EventTooLargeException(String message) {
		super(message);
	}

}
