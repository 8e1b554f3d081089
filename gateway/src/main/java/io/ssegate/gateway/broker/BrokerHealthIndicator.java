package io.ssegate.gateway.broker;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health of the event broker ({@code broker}), part of the readiness group: a node whose
 * Redis connection is lost stops getting new streams from the load balancer, while its
 * open streams stay open with heartbeats.
 */
@Component("broker")
class BrokerHealthIndicator implements HealthIndicator {

	private final EventBroker broker;

	BrokerHealthIndicator(EventBroker broker) {
		this.broker = broker;
	}

	@Override
	public Health health() {
		return this.broker.isAvailable() ? Health.up().build()
				: Health.down().withDetail("redis", "disconnected").build();
	}

}
