package io.ssegate.notifier;

/**
 * The encoded event is larger than {@link NotifierOptions#maxPayloadBytes()}; Redis was
 * not touched.
 */
public class EventTooLargeException extends NotifierException {

	/**
	 * Create an exception.
	 * @param message what went wrong
	 */
	public EventTooLargeException(String message) {
		super(message);
	}

}
