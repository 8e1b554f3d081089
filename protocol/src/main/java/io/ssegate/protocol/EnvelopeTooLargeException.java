package io.ssegate.protocol;

/**
 * An encoded envelope is larger than the limit it was encoded for.
 */
public class EnvelopeTooLargeException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message the size and the limit
	 */
	public EnvelopeTooLargeException(String message) {
		super(message);
	}

}
