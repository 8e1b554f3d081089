/**
 * The naive single-node design that users write by hand, after the seed blog post: a map
 * of emitters per task, and an {@code @Async} event listener that loops over them and
 * sends. The status quo the benchmarks compare ssegate with.
 */
@NullMarked
package io.ssegate.bench.naive;

import org.jspecify.annotations.NullMarked;
