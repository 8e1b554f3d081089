package io.ssegate.gateway.demo;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The demo page's task, under {@code ssegate.demo.*}.
 *
 * @param enabled whether POST /api/demo/tasks may start demo tasks
 * @param steps progress events per demo task
 * @param stepInterval time between two progress events
 * @param tokenTtl lifetime of the subscribe tokens the demo page gets in a cookie on a
 * node with an HMAC secret; the page renews the cookie before they expire
 */
@ConfigurationProperties("ssegate.demo")
@Validated
public record DemoProperties(@DefaultValue("true") boolean enabled, @Min(1) @Max(100) @DefaultValue("10") int steps,
		@NotNull @DurationMin(millis = 1) @DefaultValue("500ms") Duration stepInterval,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("30s") Duration tokenTtl) {

}
