/**
 * Test support shared by the modules' tests, beside the real Redis deployments of
 * {@code io.ssegate.testing.redis}.
 */
@NullMarked
package io.ssegate.testing;

import org.jspecify.annotations.NullMarked;
