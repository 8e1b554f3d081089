/**
 * Events as a gateway node delivers them: rendered once per node into SSE frames.
 */
@NullMarked
package io.ssegate.gateway.event;

import org.jspecify.annotations.NullMarked;
