/**
 * Optional Spring Boot auto-configuration of a {@link io.ssegate.notifier.Notifier} bean,
 * configured with {@code ssegate.notifier.*} properties.
 */
@NullMarked
package io.ssegate.notifier.autoconfigure;

import org.jspecify.annotations.NullMarked;
