/**
 * The wire contract between publishers and gateway nodes: Redis key and channel names,
 * the versioned event envelope, event ids and the Lua scripts that append to a task's
 * history. {@code docs/protocol.md} describes the same contract for non-Java publishers.
 * Only {@link io.ssegate.protocol.Envelope} and {@link io.ssegate.protocol.EnvelopeCodec}
 * need Jackson 3, an optional dependency.
 */
@NullMarked
package io.ssegate.protocol;

import org.jspecify.annotations.NullMarked;
