package io.ssegate.notifier;

/**
 * Redis could not be reached, refused the command or did not answer in time: the event
 * was not published, or it is unknown whether it was. Retrying with the same
 * {@link NotifyEvent#idempotencyKey() idempotency key} is safe.
 */
public class RedisUnavailableException extends NotifierException {

	/**
	 * Create an exception.
	 * @param message what went wrong
	 * @param cause the cause
	 */
	public RedisUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
