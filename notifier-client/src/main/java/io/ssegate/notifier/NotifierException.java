package io.ssegate.notifier;

import org.jspecify.annotations.Nullable;

/**
 * Root of the exceptions a {@link Notifier} throws. Unchecked.
 */
public class NotifierException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what went wrong
	 * @param cause the cause, may be {@code null}
	 */
	public NotifierException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/**
	 * Create an exception.
	 * @param message what went wrong
	 */
	public NotifierException(String message) {
		super(message);
	}

}
