@NullMarked
package io.ssegate.gateway.broker;

import org.jspecify.annotations.NullMarked;
