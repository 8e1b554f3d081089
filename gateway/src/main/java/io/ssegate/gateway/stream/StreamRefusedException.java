package io.ssegate.gateway.stream;

/**
 * A stream could not be opened now (node full, draining, or broker unavailable); the
 * client should retry later, on this node or another.
 */
public class StreamRefusedException extends RuntimeException {

	private final String reason;

	StreamRefusedException(String reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	StreamRefusedException(String reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Why: {@code limit}, {@code draining} or {@code broker}.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

}
