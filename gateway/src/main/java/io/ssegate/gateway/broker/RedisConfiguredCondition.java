package io.ssegate.gateway.broker;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when any standard Spring Boot Redis connection setting is present: the node
 * then runs on Redis, otherwise on the embedded single-node broker.
 */
class RedisConfiguredCondition extends SpringBootCondition {

	static final String[] REDIS_SETTINGS = { "spring.data.redis.url", "spring.data.redis.host",
			"spring.data.redis.sentinel.master", "spring.data.redis.cluster.nodes" };

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		for (String setting : REDIS_SETTINGS) {
			if (environment.containsProperty(setting)) {
				return ConditionOutcome.match(setting + " is set: Redis broker");
			}
		}
		return ConditionOutcome.noMatch("No spring.data.redis connection setting: embedded broker");
	}

	/**
	 * The opposite: no Redis setting at all.
	 */
	static final class Absent extends SpringBootCondition {

		private final RedisConfiguredCondition present = new RedisConfiguredCondition();

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionOutcome outcome = this.present.getMatchOutcome(context, metadata);
			return new ConditionOutcome(!outcome.isMatch(), outcome.getConditionMessage());
		}

	}

}
