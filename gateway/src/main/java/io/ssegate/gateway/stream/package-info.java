/**
 * The SSE endpoint and the streams of this node: opening a stream of one or several tasks
 * (subscribe, replay, go live, for each), the stream registry that receives the broker's
 * events, the ids of several-task streams, the non-blocking writer of each client's
 * stream, hangups, heartbeats, the stream limit, the rebalancing over the nodes and the
 * graceful drain. Owns the stream settings and maps its refusals to HTTP.
 */
@NullMarked
package io.ssegate.gateway.stream;

import org.jspecify.annotations.NullMarked;
