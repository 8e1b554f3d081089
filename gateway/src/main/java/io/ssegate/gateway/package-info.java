/**
 * An ssegate gateway node: the application, whose features live in the packages below
 * ({@code stream}, {@code broker}, {@code publish}, {@code security}, {@code demo},
 * {@code event}) on top of the cross-cutting {@code system}.
 */
@NullMarked
package io.ssegate.gateway;

import org.jspecify.annotations.NullMarked;
