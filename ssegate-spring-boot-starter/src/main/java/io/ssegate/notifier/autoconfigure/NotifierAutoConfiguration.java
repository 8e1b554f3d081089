package io.ssegate.notifier.autoconfigure;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.ssegate.notifier.EventDataSerializer;
import io.ssegate.notifier.Jackson2DataSerializer;
import io.ssegate.notifier.Jackson3DataSerializer;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierOptions;
import io.ssegate.notifier.OpenTelemetryPublishTracer;
import io.ssegate.notifier.PublishTracer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of a {@link Notifier} bean and of the delivery of
 * {@link io.ssegate.notifier.TaskNotification} application events to it, on Spring Boot
 * 3.2+ and 4.
 * <p>
 * The notifier connects to {@code ssegate.notifier.redis-url} with its own client when
 * that is set; otherwise it shares the Lettuce client (standalone, Sentinel or cluster)
 * of the application's Spring Data Redis connection factory, and so the application's
 * {@code spring.data.redis.*} settings, if the application told Spring Data Redis where
 * its Redis is; otherwise the application fails to start, saying what to set. It never
 * guesses a Redis: Spring Data Redis' default of {@code localhost:6379} is not taken
 * either. It connects at startup, so the application also fails to start when Redis is
 * unreachable.
 * <p>
 * Event data is written as JSON with the application's Jackson 3 {@code JsonMapper} or
 * else Jackson 2 {@code ObjectMapper} bean, or with an {@link EventDataSerializer} bean
 * of the application's. Publishes are traced with the application's {@code OpenTelemetry}
 * bean (a producer span per publish, whose context the envelope carries), or with a
 * {@link PublishTracer} bean of the application's.
 */
@AutoConfiguration(afterName = {
		// Spring Boot 4
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration",
		"org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
		// Spring Boot 3
		"org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
		"org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration" })
@ConditionalOnClass({ Notifier.class, RedisClient.class })
@ConditionalOnProperty(prefix = "ssegate.notifier", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(NotifierProperties.class)
public final class NotifierAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	Notifier notifier(NotifierProperties properties, ObjectProvider<ApplicationRedisClient> applicationRedisClient,
			ObjectProvider<EventDataSerializer> dataSerializer, ObjectProvider<PublishTracer> tracer) {
		NotifierOptions options = properties.toOptions()
			.mutate()
			.dataSerializer(dataSerializer.getIfAvailable(EventDataSerializer::fromClasspath))
			.tracer(tracer.getIfAvailable(PublishTracer::fromClasspath))
			.build();
		String redisUrl = properties.redisUrl();
		if (StringUtils.hasText(redisUrl)) {
			return Notifier.create(RedisURI.create(redisUrl), options);
		}
		ApplicationRedisClient application = applicationRedisClient.getIfAvailable();
		AbstractRedisClient client = (application != null) ? application.get() : null;
		if (client instanceof RedisClusterClient clusterClient) {
			return Notifier.create(clusterClient, options);
		}
		if (client instanceof RedisClient redisClient) {
			return Notifier.create(redisClient, options);
		}
		throw new RedisNotConfiguredException();
	}

	@Bean
	@ConditionalOnSingleCandidate(Notifier.class)
	TaskNotificationPublisher taskNotificationPublisher(Notifier notifier) {
		return new TaskNotificationPublisher(notifier);
	}

	/**
	 * Finds the client of Spring Data Redis when the notifier is created, so that neither
	 * the order of auto-configurations nor a connection factory of the application's own
	 * can leave it unseen. Kept apart so that this auto-configuration works without
	 * Spring Data Redis on the classpath.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LettuceConnectionFactory.class)
	static class SpringDataRedisClientConfiguration {

		@Bean
		ApplicationRedisClient notifierApplicationRedisClient(ObjectProvider<RedisConnectionFactory> connectionFactory,
				ConfigurableListableBeanFactory beanFactory, Environment environment) {
			SpringBootRedisDefault springBootDefault = new SpringBootRedisDefault(beanFactory, environment);
			return () -> lettuceClient(connectionFactory.getIfAvailable(), springBootDefault);
		}

		private static @Nullable AbstractRedisClient lettuceClient(@Nullable RedisConnectionFactory connectionFactory,
				SpringBootRedisDefault springBootDefault) {
			if (connectionFactory == null || springBootDefault.is(connectionFactory)) {
				return null;
			}
			if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
				throw new IllegalStateException("Spring Data Redis connects with a "
						+ connectionFactory.getClass().getName() + ", whose client the ssegate notifier cannot share: "
						+ "set ssegate.notifier.redis-url");
			}
			// Started already unless its early startup is off; its native client exists
			// only once started.
			if (!lettuce.isRunning()) {
				lettuce.start();
			}
			return lettuce.getRequiredNativeClient();
		}

	}

	/**
	 * Writes event data with the application's Jackson 3 mapper.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(tools.jackson.databind.json.JsonMapper.class)
	@ConditionalOnSingleCandidate(tools.jackson.databind.json.JsonMapper.class)
	static class Jackson3DataSerializerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EventDataSerializer notifierDataSerializer(tools.jackson.databind.json.JsonMapper jsonMapper) {
			return new Jackson3DataSerializer(jsonMapper);
		}

	}

	/**
	 * Writes event data with the application's Jackson 2 mapper, where it has no Jackson
	 * 3 one.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(com.fasterxml.jackson.databind.ObjectMapper.class)
	@ConditionalOnSingleCandidate(com.fasterxml.jackson.databind.ObjectMapper.class)
	@ConditionalOnMissingBean(type = "tools.jackson.databind.json.JsonMapper")
	static class Jackson2DataSerializerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EventDataSerializer notifierDataSerializer(com.fasterxml.jackson.databind.ObjectMapper objectMapper) {
			return new Jackson2DataSerializer(objectMapper);
		}

	}

	/**
	 * Traces publishes with the application's OpenTelemetry (Spring Boot's, from
	 * {@code spring-boot-starter-opentelemetry}); Micrometer Tracing's spans are its
	 * spans with the OpenTelemetry bridge.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.opentelemetry.api.OpenTelemetry")
	@ConditionalOnSingleCandidate(type = "io.opentelemetry.api.OpenTelemetry")
	static class OpenTelemetryTracerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PublishTracer notifierPublishTracer(io.opentelemetry.api.OpenTelemetry openTelemetry) {
			return OpenTelemetryPublishTracer.create(openTelemetry);
		}

	}

}
