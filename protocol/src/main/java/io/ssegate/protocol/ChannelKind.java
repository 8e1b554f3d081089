package io.ssegate.protocol;

/**
 * How a task's live events travel between publishers and gateway nodes: on classic
 * pub/sub ({@code PUBLISH}/{@code SUBSCRIBE}) on a standalone or Sentinel-managed Redis,
 * on sharded pub/sub ({@code SPUBLISH}/{@code SSUBSCRIBE}) on a Redis Cluster, where a
 * classic publish would be broadcast to every node of the cluster.
 */
public enum ChannelKind {

	/**
	 * {@code PUBLISH}/{@code SUBSCRIBE}: standalone and Sentinel (protocol version 1).
	 */
	CLASSIC,

	/** {@code SPUBLISH}/{@code SSUBSCRIBE}: Redis Cluster. */
	SHARDED

}
