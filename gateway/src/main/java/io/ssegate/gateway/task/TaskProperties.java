package io.ssegate.gateway.task;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The task API, under {@code ssegate.tasks.*}.
 *
 * @param defaultLimit events returned by {@code GET /api/tasks/{taskId}/events} without a
 * {@code limit}
 * @param maxLimit the largest {@code limit} accepted; a larger one gets 400
 * @param deletedRetention time a deleted task's history is still kept (at most), so that
 * late reconnects get 204 and pollers see its final event; then its keys expire
 */
@ConfigurationProperties("ssegate.tasks")
@Validated
public record TaskProperties(@Min(1) @Max(MAX_LIMIT) @DefaultValue("100") int defaultLimit,
		@Min(1) @Max(MAX_LIMIT) @DefaultValue("1000") int maxLimit,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("5m") Duration deletedRetention) {

	/** The highest {@code max-limit}. */
	public static final int MAX_LIMIT = 10_000;

}
