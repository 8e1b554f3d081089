/**
 * What is truly cross-cutting on a gateway node: the meters, the tracing switch, RFC 9457
 * problem responses, scheduling and virtual threads, the web server's tuning and threads,
 * and the ready log. It depends on no feature package; every feature may use it.
 */
@NullMarked
package io.ssegate.gateway.system;

import org.jspecify.annotations.NullMarked;
