/**
 * The SSE endpoint and the streams of this node: opening a stream (subscribe, replay, go
 * live), the connection registry that receives the broker's events, the non-blocking
 * writer of each client's stream, heartbeats, the connection limit and the graceful
 * drain. Owns the stream settings and maps its refusals to HTTP.
 */
@NullMarked
package io.ssegate.gateway.stream;

import org.jspecify.annotations.NullMarked;
