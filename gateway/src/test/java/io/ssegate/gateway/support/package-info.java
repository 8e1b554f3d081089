/**
 * What the gateway's integration tests share: nodes started as separate application
 * contexts, an SSE client that records what a stream receives and resumes it, a publisher
 * through the HTTP API, and output capture for tests that expect noisy failures.
 */
@NullMarked
package io.ssegate.gateway.support;

import org.jspecify.annotations.NullMarked;
