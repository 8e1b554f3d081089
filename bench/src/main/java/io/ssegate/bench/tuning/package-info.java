/**
 * Prototypes of gateway settings that the command line cannot reach, loaded into the
 * unchanged gateway jar by {@code bench/run.sh} (with Spring Boot's
 * {@code PropertiesLauncher} and {@code loader.path}) to measure them before the gateway
 * adopts them.
 */
@NullMarked
package io.ssegate.bench.tuning;

import org.jspecify.annotations.NullMarked;
