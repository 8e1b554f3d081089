package io.ssegate.gateway.broker;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The broker's part of opening a stream, under {@code ssegate.stream.*} (the stream
 * feature binds the other stream settings).
 *
 * @param openTimeout time to wait for the broker (subscribe and history) when a stream
 * opens or the broker re-syncs, then {@code 503}
 */
@ConfigurationProperties("ssegate.stream")
@Validated
public record StreamOpenProperties(@NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration openTimeout) {

}
