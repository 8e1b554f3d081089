/**
 * Mints the signed tokens the ssegate gateway accepts, for browsers that follow tasks and
 * services that publish through its HTTP API. Start with
 * {@link io.ssegate.notifier.tokens.TaskTokens}.
 */
@NullMarked
package io.ssegate.notifier.tokens;

import org.jspecify.annotations.NullMarked;
