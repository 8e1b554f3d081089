package io.ssegate.gateway.stream;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Admission control of stream opens, under {@code ssegate.admission.*}: how a node sheds
 * a reconnect storm instead of queueing it.
 *
 * @param enabled whether opens beyond {@code max-opening} are turned away; off by
 * default: turning an open away costs a node about as much as the open (BENCHMARKS.md,
 * "Reconnect storms"), so it only pays where opens are dear (a slow broker, keys that are
 * slow to verify) and the live deliveries matter more than how soon the storm's clients
 * are back
 * @param maxOpening opens this node works on at once (verifying the token, subscribing,
 * reading the history); one more is turned away: an {@code EventSource} gets a
 * {@code 200} that only says when to come back (a random {@code retry:} up to
 * {@code retry-spread}), any other client a {@code 503} with {@code Retry-After}
 * @param retrySpread the largest {@code retry:} given to a client turned away, so that
 * the storm comes back spread over this time
 */
@ConfigurationProperties("ssegate.admission")
@Validated
public record AdmissionProperties(@DefaultValue("false") boolean enabled, @Min(1) @DefaultValue("64") int maxOpening,
		@NotNull @DurationMin(millis = 100) @DefaultValue("2s") Duration retrySpread) {

}
