@NullMarked
package io.ssegate.gateway.demo;

import org.jspecify.annotations.NullMarked;
