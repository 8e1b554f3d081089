package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.Delay;
import io.ssegate.gateway.event.TaskEventFactory;
import io.ssegate.gateway.system.GatewayMetrics;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierOptions;
import io.ssegate.protocol.EnvelopeCodec;
import io.ssegate.protocol.HistoryLimits;
import io.ssegate.protocol.TaskKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * Chooses the broker: Redis (standalone, Sentinel or Cluster) when a
 * {@code spring.data.redis} connection setting is present, the embedded single-node
 * broker otherwise.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ HistoryProperties.class, PublishProperties.class, StreamOpenProperties.class })
class BrokerConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(BrokerConfiguration.class);

	private static final Duration SUBSCRIPTION_CHECK = Duration.ofSeconds(1);

	@Bean
	EnvelopeCodec envelopeCodec() {
		return new EnvelopeCodec();
	}

	@Bean
	TaskEventFactory taskEventFactory(EnvelopeCodec envelopeCodec) {
		return new TaskEventFactory(envelopeCodec);
	}

	@Bean
	HistoryLimits historyLimits(HistoryProperties history, PublishProperties publish) {
		return new HistoryLimits(history.maxLength(), history.ttl(), publish.idempotencyTtl());
	}

	@Bean
	@Conditional(RedisConfiguredCondition.Absent.class)
	EmbeddedBroker embeddedBroker(EventSink sink, EnvelopeCodec envelopeCodec, TaskEventFactory taskEventFactory,
			HistoryLimits historyLimits, PublishProperties publish) {
		logger.info("No Redis configured: running on the embedded single-node broker");
		return new EmbeddedBroker(sink, envelopeCodec, taskEventFactory, historyLimits, publish.maxPayloadBytes());
	}

	@Bean
	@Conditional(RedisConfiguredCondition.Absent.class)
	SingleNodeLoads singleNodeLoads() {
		return new SingleNodeLoads();
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(RedisConfiguredCondition.class)
	static class RedisBrokerConfiguration {

		/**
		 * Publishing while Redis is away must fail at once instead of queueing.
		 */
		@Bean
		LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
			return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
		}

		/**
		 * Reconnect within seconds after an outage (Lettuce's default backs off to 30 s).
		 */
		@Bean
		ClientResourcesBuilderCustomizer reconnectQuickly() {
			return (resources) -> resources.reconnectDelay(
					Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS));
		}

		@Bean(destroyMethod = "close")
		Notifier notifier(LettuceConnectionFactory connectionFactory, HistoryProperties history,
				HistoryLimits historyLimits, PublishProperties publish) {
			NotifierOptions options = NotifierOptions.builder()
				.keyPrefix(history.keyPrefix())
				.historyMaxLength(historyLimits.maxLength())
				.historyTtl(historyLimits.ttl())
				.idempotencyTtl(historyLimits.idempotencyTtl())
				.timeout(publish.timeout())
				.maxPayloadBytes(publish.maxPayloadBytes())
				.build();
			return switch (connectionFactory.getRequiredNativeClient()) {
				case RedisClusterClient cluster -> Notifier.create(cluster, options);
				case RedisClient client -> Notifier.create(client, options);
				default -> throw unsupported(connectionFactory);
			};
		}

		@Bean(destroyMethod = "close")
		RedisBroker redisBroker(LettuceConnectionFactory connectionFactory, Notifier notifier,
				HistoryProperties history, EventSink sink, TaskEventFactory taskEventFactory, Executor virtualThreads,
				StreamOpenProperties open, GatewayMetrics metrics) {
			RedisBroker.Settings settings = new RedisBroker.Settings(new TaskKeys(history.keyPrefix()), sink,
					taskEventFactory, virtualThreads, open.openTimeout(), metrics);
			return switch (connectionFactory.getRequiredNativeClient()) {
				case RedisClusterClient cluster -> {
					logger.info("Running on the Redis broker (Redis Cluster, sharded pub/sub)");
					yield RedisBroker.cluster(cluster, notifier, settings);
				}
				case RedisClient client -> {
					logger.info("Running on the Redis broker");
					yield RedisBroker.standalone(client, notifier, settings);
				}
				default -> throw unsupported(connectionFactory);
			};
		}

		@Bean
		RedisNodeLoads redisNodeLoads(StringRedisTemplate redis, HistoryProperties history) {
			return new RedisNodeLoads(redis, history.keyPrefix());
		}

		/**
		 * On a Redis Cluster, check every second that each task's channel is subscribed
		 * on the node that owns its slot (one topology read).
		 */
		@Bean
		SchedulingConfigurer redisSubscriptionCheck(RedisBroker broker) {
			return (registrar) -> registrar.addFixedDelayTask(broker::checkSubscriptions, SUBSCRIPTION_CHECK);
		}

		/**
		 * A deliberate stop closes the Redis connections: say so before Spring Data Redis
		 * shuts its client down, so that their loss is not taken for an outage.
		 */
		@Bean
		ApplicationListener<ContextClosedEvent> redisBrokerShutdown(RedisBroker broker) {
			return (event) -> broker.shuttingDown();
		}

		private static IllegalStateException unsupported(LettuceConnectionFactory connectionFactory) {
			return new IllegalStateException(
					"Unsupported Redis client " + connectionFactory.getRequiredNativeClient().getClass().getName());
		}

	}

}
