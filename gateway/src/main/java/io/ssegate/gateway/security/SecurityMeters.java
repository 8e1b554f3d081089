package io.ssegate.gateway.security;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The meters of access control: {@code ssegate_auth_failures_total{reason}}.
 */
@Component
class SecurityMeters {

	private final MeterRegistry registry;

	SecurityMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * A request failed authentication or authorization.
	 * @param reason {@code missing}, {@code invalid} or {@code forbidden}
	 */
	void authFailure(String reason) {
		this.registry.counter("ssegate.auth.failures", "reason", reason).increment();
	}

}
