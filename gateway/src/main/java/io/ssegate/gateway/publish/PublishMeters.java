package io.ssegate.gateway.publish;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of the HTTP publish API, which is not in {@code http_server_requests}:
 * {@code ssegate_publish_requests_seconds{status}}, a histogram (its {@code _bucket}
 * series give the dashboard's p99). Recording into it finds a bucket and increments it:
 * no allocation per request.
 */
final class PublishMeters {

	private final MeterRegistry registry;

	private final Map<Integer, Timer> answers = new ConcurrentHashMap<>();

	PublishMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * The HTTP publish API answered a request.
	 * @param status the answer's status code
	 * @param nanos the time from the request's start until the answer
	 */
	void answered(int status, long nanos) {
		this.answers
			.computeIfAbsent(status,
					(code) -> Timer.builder("ssegate.publish.requests")
						.description("Requests to the HTTP publish API, by the status of the answer")
						.tag("status", Integer.toString(code))
						.publishPercentileHistogram()
						.minimumExpectedValue(Duration.ofMillis(1))
						.maximumExpectedValue(Duration.ofSeconds(10))
						.register(this.registry))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

}
