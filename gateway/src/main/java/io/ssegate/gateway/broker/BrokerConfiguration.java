package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubListener;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ssegate.gateway.event.TaskEventFactory;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierOptions;
import io.ssegate.notifier.PublishTracer;
import io.ssegate.protocol.ChannelKind;
import io.ssegate.protocol.EnvelopeCodec;
import io.ssegate.protocol.HistoryCommands;
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
@EnableConfigurationProperties(HistoryProperties.class)
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
	HistoryLimits historyLimits(HistoryProperties history, BrokerLimits limits) {
		return new HistoryLimits(history.maxLength(), history.ttl(), limits.idempotencyTtl());
	}

	@Bean
	@Conditional(RedisConfiguredCondition.Absent.class)
	EmbeddedBroker embeddedBroker(EventSink sink, EnvelopeCodec envelopeCodec, TaskEventFactory taskEventFactory,
			HistoryLimits historyLimits, BrokerLimits limits) {
		logger.info("No Redis configured: running on the embedded single-node broker");
		return new EmbeddedBroker(sink, envelopeCodec, taskEventFactory, historyLimits, limits.maxPayloadBytes());
	}

	/**
	 * The Redis broker's meters, registered on an embedded node too (at zero), as the
	 * documented metrics are.
	 */
	@Bean
	BrokerMeters brokerMeters(MeterRegistry registry) {
		return new BrokerMeters(registry);
	}

	@Bean
	MeterBinder brokerAvailability(EventBroker broker) {
		return BrokerMeters.availability(broker);
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
				HistoryLimits historyLimits, BrokerLimits limits) {
			NotifierOptions options = NotifierOptions.builder()
				.keyPrefix(history.keyPrefix())
				.historyMaxLength(historyLimits.maxLength())
				.historyTtl(historyLimits.ttl())
				.idempotencyTtl(historyLimits.idempotencyTtl())
				.timeout(limits.publishTimeout())
				.maxPayloadBytes(limits.maxPayloadBytes())
				// The publish API traces its publishes itself (Publication.trace).
				.tracer(PublishTracer.none())
				.build();
			return switch (connectionFactory.getRequiredNativeClient()) {
				case RedisClusterClient cluster -> Notifier.create(cluster, options);
				case RedisClient client -> Notifier.create(client, options);
				default -> throw unsupported(connectionFactory);
			};
		}

		@Bean(destroyMethod = "close")
		RedisBroker redisBroker(LettuceConnectionFactory connectionFactory, Notifier notifier,
				HistoryProperties history, EventSink sink, TaskEventFactory taskEventFactory,
				EnvelopeCodec envelopeCodec, Executor virtualThreads, BrokerLimits limits, BrokerMeters metrics,
				RedisNodeLoads nodeLoads) {
			Parts parts = new Parts(new TaskKeys(history.keyPrefix()), sink, taskEventFactory, envelopeCodec,
					virtualThreads, limits.openTimeout(), metrics, nodeLoads.nodeId(),
					RedisNodeLoads.key(history.keyPrefix()), history.ttl());
			return switch (connectionFactory.getRequiredNativeClient()) {
				case RedisClusterClient cluster -> {
					logger.info("Running on the Redis broker (Redis Cluster, sharded pub/sub)");
					yield clusterBroker(cluster, notifier, parts);
				}
				case RedisClient client -> {
					logger.info("Running on the Redis broker");
					yield standaloneBroker(client, notifier, parts);
				}
				default -> throw unsupported(connectionFactory);
			};
		}

		/**
		 * A broker on a standalone or Sentinel-managed Redis: classic pub/sub, and
		 * {@link OutageResync} when the connections drop.
		 */
		private static RedisBroker standaloneBroker(RedisClient client, Notifier notifier, Parts parts) {
			StatefulRedisConnection<String, String> reads = client.connect(StringCodec.UTF8);
			StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub(StringCodec.UTF8);
			LiveChannels channels = new ClassicChannels(pubSub);
			ChannelSubscriptions subscriptions = parts.subscriptions(channels);
			HistoryReader reader = parts.history(reads.async(), ChannelKind.CLASSIC);
			OutageResync watch = new OutageResync(pubSub, reads, subscriptions, parts.resync(subscriptions, reader),
					parts.sink(), parts.executor(), parts.metrics());
			pubSub.addListener(parts.listener(subscriptions, (taskId) -> {
			}));
			pubSub.addListener(watch);
			reads.addListener(watch);
			Runnable nothing = () -> {
			};
			return new RedisBroker(notifier, channels, reads, subscriptions, reader, watch, nothing, nothing,
					parts.followers(reads.async()), parts.states(reads.async(), ChannelKind.CLASSIC));
		}

		/**
		 * A broker on a Redis Cluster: sharded pub/sub, subscriptions owned by the node,
		 * and {@link ShardResync} through failovers and slot moves.
		 */
		private static RedisBroker clusterBroker(RedisClusterClient client, Notifier notifier, Parts parts) {
			StatefulRedisClusterConnection<String, String> reads = client.connect(StringCodec.UTF8);
			StatefulRedisClusterPubSubConnection<String, String> pubSub = client.connectPubSub(StringCodec.UTF8);
			LiveChannels channels = new ShardedChannels(pubSub);
			ChannelSubscriptions subscriptions = parts.subscriptions(channels);
			HistoryReader reader = parts.history(reads.async(), ChannelKind.SHARDED);
			ShardResync watch = new ShardResync(client, channels, subscriptions, parts.keys(),
					parts.resync(subscriptions, reader), parts.sink(), parts.executor(), parts.metrics());
			pubSub.addListener(parts.listener(subscriptions, watch::taskLost));
			pubSub.addListener((RedisClusterPubSubListener<String, String>) watch);
			client.addListener(watch);
			return new RedisBroker(notifier, channels, reads, subscriptions, reader, watch, watch::check,
					() -> client.removeListener(watch), parts.followers(reads.async()),
					parts.states(reads.async(), ChannelKind.SHARDED));
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

		/**
		 * What both kinds of Redis broker are built of, besides the client.
		 *
		 * @param keys the key and channel names
		 * @param sink where events go
		 * @param eventFactory renders events
		 * @param codec reads envelopes for the task API
		 * @param executor runs re-syncs, which wait on Redis
		 * @param timeout how long to wait for Redis when subscribing and reading
		 * @param metrics the meters
		 * @param nodeId this node's id in the node loads and the followers counts
		 * @param nodesKey the hash of the node loads
		 * @param historyTtl the time a history lives after its last event
		 */
		private record Parts(TaskKeys keys, EventSink sink, TaskEventFactory eventFactory, EnvelopeCodec codec,
				Executor executor, Duration timeout, BrokerMeters metrics, String nodeId, String nodesKey,
				Duration historyTtl) {

			FollowerCounts followers(RedisClusterAsyncCommands<String, String> commands) {
				return new FollowerCounts(commands, this.keys, this.nodeId, this.historyTtl);
			}

			RedisTaskStates states(RedisClusterAsyncCommands<String, String> commands, ChannelKind kind) {
				return new RedisTaskStates(commands, this.keys, new HistoryCommands(this.keys, kind), this.codec,
						this.nodesKey, this.timeout);
			}

			ChannelSubscriptions subscriptions(LiveChannels channels) {
				return new ChannelSubscriptions(channels, this.keys, this.timeout);
			}

			HistoryReader history(RedisScriptingAsyncCommands<String, String> commands, ChannelKind kind) {
				return new HistoryReader(commands, new HistoryCommands(this.keys, kind), this.eventFactory,
						this.timeout);
			}

			TaskResync resync(ChannelSubscriptions subscriptions, HistoryReader history) {
				return new TaskResync(subscriptions, history, this.sink, this.metrics);
			}

			LiveEventListener listener(ChannelSubscriptions subscriptions, Consumer<String> lostTask) {
				return new LiveEventListener(subscriptions, this.sink, this.eventFactory, lostTask, this.metrics);
			}

		}

		private static IllegalStateException unsupported(LettuceConnectionFactory connectionFactory) {
			return new IllegalStateException(
					"Unsupported Redis client " + connectionFactory.getRequiredNativeClient().getClass().getName());
		}

	}

}
