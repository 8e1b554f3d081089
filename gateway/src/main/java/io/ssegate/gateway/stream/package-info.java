@NullMarked
package io.ssegate.gateway.stream;

import org.jspecify.annotations.NullMarked;
