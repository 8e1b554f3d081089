/**
 * The SSE load tool: many streams on one selector thread, open-loop publishing, delivery
 * accounting and server sampling.
 */
@NullMarked
package io.ssegate.bench.load;

import org.jspecify.annotations.NullMarked;
