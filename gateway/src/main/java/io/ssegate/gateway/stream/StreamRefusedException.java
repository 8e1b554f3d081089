package io.ssegate.gateway.stream;

/**
 * A stream could not be opened now; the client should retry later, on this node or
 * another (or, over its own limit, once it closed some of its streams).
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

		/** The node works on its maximum of opens at once (a reconnect storm). */
		BUSY("busy"),

		/** The broker did not answer in time. */
		BROKER("broker"),

		/** The token's subject holds its maximum of streams on this node. */
		SUBJECT_LIMIT("subject-limit"),

		/** The client's address holds its maximum of streams on this node. */
		IP_LIMIT("ip-limit");

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

		/**
		 * Whether the client is over one of its own limits (rather than the node being
		 * unable).
		 * @return {@code true} for {@link #SUBJECT_LIMIT} and {@link #IP_LIMIT}
		 */
		public boolean isClientLimit() {
			return this == SUBJECT_LIMIT || this == IP_LIMIT;
		}

	}

}
