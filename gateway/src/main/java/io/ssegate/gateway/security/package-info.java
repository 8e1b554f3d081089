/**
 * Who may follow and publish to which task: signed tokens, anonymous mode, CORS.
 */
@NullMarked
package io.ssegate.gateway.security;

import org.jspecify.annotations.NullMarked;
