/**
 * Spring Boot 3.2+ and 4 auto-configuration of a {@link io.ssegate.notifier.Notifier}
 * bean, configured with {@code ssegate.notifier.*} properties: the
 * {@code ssegate-spring-boot-starter} artifact.
 */
@NullMarked
package io.ssegate.notifier.autoconfigure;

import org.jspecify.annotations.NullMarked;
