package io.ssegate.notifier.autoconfigure;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierOptions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of a {@link Notifier} bean and of the delivery of
 * {@link io.ssegate.notifier.TaskNotification} application events to it. The notifier
 * connects to {@code ssegate.notifier.redis-url} with its own client when that is set;
 * otherwise it shares the Lettuce client of Spring Data Redis' connection factory (and so
 * the application's {@code spring.data.redis.*} settings) when there is one; otherwise it
 * connects to {@code redis://localhost:6379}. It connects at startup, so the application
 * fails to start when Redis is unreachable.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ Notifier.class, RedisClient.class })
@ConditionalOnBooleanProperty(name = "ssegate.notifier.enabled", matchIfMissing = true)
@EnableConfigurationProperties(NotifierProperties.class)
public final class NotifierAutoConfiguration {

	static final String DEFAULT_REDIS_URL = "redis://localhost:6379";

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	Notifier notifier(NotifierProperties properties, ObjectProvider<ApplicationRedisClient> applicationRedisClient) {
		NotifierOptions options = properties.toOptions();
		String redisUrl = properties.redisUrl();
		if (StringUtils.hasText(redisUrl)) {
			return Notifier.create(RedisURI.create(redisUrl), options);
		}
		ApplicationRedisClient application = applicationRedisClient.getIfAvailable();
		if (application == null) {
			return Notifier.create(RedisURI.create(DEFAULT_REDIS_URL), options);
		}
		AbstractRedisClient client = application.get();
		if (!(client instanceof RedisClient redisClient)) {
			throw new IllegalStateException("Spring Data Redis uses a " + client.getClass().getName()
					+ ", which the notifier cannot share; set ssegate.notifier.redis-url");
		}
		return Notifier.create(redisClient, options);
	}

	@Bean
	@ConditionalOnSingleCandidate(Notifier.class)
	TaskNotificationPublisher taskNotificationPublisher(Notifier notifier) {
		return new TaskNotificationPublisher(notifier);
	}

	/**
	 * Finds the client of Spring Data Redis, kept apart so that this auto-configuration
	 * works without Spring Data Redis on the classpath.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LettuceConnectionFactory.class)
	static class SpringDataRedisClientConfiguration {

		@Bean
		@ConditionalOnSingleCandidate(LettuceConnectionFactory.class)
		ApplicationRedisClient notifierApplicationRedisClient(LettuceConnectionFactory connectionFactory) {
			return () -> {
				// Started already unless its early startup is off; its native client
				// exists only once started.
				if (!connectionFactory.isRunning()) {
					connectionFactory.start();
				}
				return connectionFactory.getRequiredNativeClient();
			};
		}

	}

}
