package io.ssegate.gateway.stream;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits per client, under {@code ssegate.limits.*}: what one client may hold open on
 * this node. Over a limit a stream gets 429 with {@code Retry-After}.
 *
 * @param streamsPerSubject open streams one token subject ({@code sub}) may hold; tokens
 * without a subject and anonymous streams are not counted
 * @param streamsPerIp open streams one client address may hold; null (the default) for no
 * limit: many users may share an address behind a NAT
 * @param trustedProxies addresses or CIDR ranges of the proxies in front of the nodes,
 * whose {@code X-Forwarded-For} tells the client's address; from any other peer the
 * header is ignored
 * @param retryAfter the {@code Retry-After} of a refusal
 */
@ConfigurationProperties("ssegate.limits")
@Validated
public record ClientLimitProperties(@Nullable @Min(1) @DefaultValue("100") Integer streamsPerSubject,
		@Nullable @Min(1) Integer streamsPerIp, @NotNull @DefaultValue List<String> trustedProxies,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("10s") Duration retryAfter) {

}
