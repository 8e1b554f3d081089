package io.ssegate.gateway.stream;

/**
 * Why a stream ended: the {@code reason} tag of {@code ssegate_streams_closed_total}. The
 * first reason a stream is given wins (a drain that completes a stream after its last
 * frames is a drain, even though the container then reports the response complete).
 */
enum StreamEnd {

	/** The client went away: hung up, or a write failed. */
	CLIENT_GONE("client_gone"),

	/** Every task of the stream ended. */
	TASK_ENDED("task_ended"),

	/** The client's token stopped being accepted: it reconnects with a fresh one. */
	TOKEN_EXPIRED("token_expired"),

	/** The node is shutting down. */
	DRAIN("drain"),

	/** The client read too slowly: its outbound queue overflowed. */
	SLOW_CLIENT("slow_client"),

	/** The stream lived its lifetime ({@code ssegate.stream.timeout}). */
	TIMEOUT("timeout"),

	/** The node held more than its share of the streams. */
	REBALANCE("rebalance"),

	/** The broker could not re-read a task after losing live delivery. */
	BROKER("broker");

	private final String tag;

	StreamEnd(String tag) {
		this.tag = tag;
	}

	String tag() {
		return this.tag;
	}

}
