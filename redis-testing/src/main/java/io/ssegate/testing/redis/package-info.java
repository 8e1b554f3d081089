/**
 * A real Redis for integration tests: a Testcontainers container when a Docker engine is
 * available, otherwise a {@code redis-server} binary on a free port.
 */
@NullMarked
package io.ssegate.testing.redis;

import org.jspecify.annotations.NullMarked;
