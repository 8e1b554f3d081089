package io.ssegate.gateway.stream;

/**
 * A stream could not be opened now; the client should retry later, on this node or
 * another.
 */
public class StreamRefusedException extends RuntimeException {

	private final Reason reason;

	StreamRefusedException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	StreamRefusedException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Why.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a stream was refused; also the {@code reason} tag of
	 * {@code ssegate_streams_rejected_total}.
	 */
	public enum Reason {

		/** The node holds its maximum of streams. */
		LIMIT("limit"),

		/** The node is shutting down. */
		DRAINING("draining"),

		/** The broker did not answer in time. */
		BROKER("broker");

		private final String tag;

		Reason(String tag) {
			this.tag = tag;
		}

		/**
		 * The metric tag value.
		 * @return the tag
		 */
		public String tag() {
			return this.tag;
		}

	}

}
