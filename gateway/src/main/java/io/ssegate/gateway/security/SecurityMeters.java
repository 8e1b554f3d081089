package io.ssegate.gateway.security;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The meters of access control: {@code ssegate_auth_failures_total{reason}}, and
 * {@code ssegate_auth_key_set_fetches_total{outcome}} for the identity provider's key
 * set.
 */
@Component
class SecurityMeters {

	private final MeterRegistry registry;

	SecurityMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * A request failed authentication or authorization.
	 * @param reason {@code missing}, {@code invalid}, {@code forbidden}, or
	 * {@code unavailable} (the identity provider's keys could not be loaded yet)
	 */
	void authFailure(String reason) {
		this.registry.counter("ssegate.auth.failures", "reason", reason).increment();
	}

	/**
	 * The identity provider's key set was fetched (on a schedule, for an unknown
	 * {@code kid}, or the first time).
	 */
	void keySetFetched() {
		this.registry.counter("ssegate.auth.key.set.fetches", "outcome", "success").increment();
	}

	/**
	 * The identity provider's key set could not be fetched.
	 */
	void keySetFetchFailed() {
		this.registry.counter("ssegate.auth.key.set.fetches", "outcome", "failure").increment();
	}

}
