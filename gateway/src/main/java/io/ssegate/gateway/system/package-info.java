@NullMarked
package io.ssegate.gateway.system;

import org.jspecify.annotations.NullMarked;
