/**
 * JMH benchmarks of the gateway's per-event hot paths. Run by {@code bench/run.sh}, never
 * by the build.
 */
@NullMarked
package io.ssegate.bench.jmh;

import org.jspecify.annotations.NullMarked;
