/**
 * Real Redis deployments for integration tests. {@link RedisServers} and
 * {@link RedisExtension} start a single Redis: a Testcontainers container when a Docker
 * engine is available, otherwise a {@code redis-server} binary on a free port.
 * {@link RedisClusterServer} (three masters, three replicas) and
 * {@link RedisSentinelServer} (a primary, a replica, three sentinels), with their
 * extensions {@link RedisClusterExtension} and {@link RedisSentinelExtension}, always run
 * local {@code redis-server} processes and inject faults: failovers, crashes, restarts,
 * resharding.
 */
@NullMarked
package io.ssegate.testing.redis;

import org.jspecify.annotations.NullMarked;
