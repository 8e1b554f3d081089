@NullMarked
package io.ssegate.gateway.publish;

import org.jspecify.annotations.NullMarked;
