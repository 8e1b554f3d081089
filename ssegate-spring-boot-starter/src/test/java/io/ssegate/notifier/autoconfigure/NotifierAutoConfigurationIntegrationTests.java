package io.ssegate.notifier.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;

import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.notifier.TaskNotification;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

class NotifierAutoConfigurationIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NotifierAutoConfiguration.class));

	@Test
	void notifierConnectsToTheConfiguredRedisUrl() {
		this.runner.withPropertyValues("ssegate.notifier.redis-url=" + redis.url()).run((context) -> {
			assertThat(context).hasSingleBean(Notifier.class).hasSingleBean(TaskNotificationPublisher.class);

			String id = context.getBean(Notifier.class).progress("42", 50);

			assertThat(redis.commands().xlen("ssegate:{42}:history")).isOne();
			assertThat(id).isNotBlank();
		});
	}

	@Test
	void notifierReusesTheClientOfSpringDataRedis() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.url=" + redis.url() + "/3",
					"spring.data.redis.client-name=orders-app")
			.run((context) -> {
				assertThat(context).hasSingleBean(LettuceConnectionFactory.class).hasSingleBean(Notifier.class);

				context.getBean(Notifier.class).progress("42", 50);

				assertThat(redis.commands().info("keyspace")).contains("db3:keys=1");
				assertThat(redis.commands().clientList()).contains("name=orders-app");
			});
	}

	@Test
	void notifierFindsTheConnectionFactoryOfAnAutoConfigurationOrderedAfterIt() {
		// What Spring Boot 3's RedisAutoConfiguration was to the notifier before it was
		// named in afterName: never a reason to connect anywhere else.
		this.runner.withConfiguration(AutoConfigurations.of(LateRedisAutoConfiguration.class)).run((context) -> {
			context.getBean(Notifier.class).progress("42", 50);

			assertThat(redis.commands().xlen("ssegate:{42}:history")).isOne();
		});
	}

	@Test
	void notifierStartsAConnectionFactoryWhoseEarlyStartupIsOff() {
		this.runner.withBean(LettuceConnectionFactory.class, () -> {
			LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration(redis.uri().getHost(), redis.uri().getPort()));
			connectionFactory.setEarlyStartup(false);
			return connectionFactory;
		}).run((context) -> {
			assertThat(context).hasNotFailed();

			context.getBean(Notifier.class).progress("42", 50);

			assertThat(redis.commands().xlen("ssegate:{42}:history")).isOne();
		});
	}

	@Test
	void configuredRedisUrlWinsOverSpringDataRedis() throws IOException {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:" + deadPort(),
					"ssegate.notifier.redis-url=" + redis.url())
			.run((context) -> {
				context.getBean(Notifier.class).progress("42", 50);

				assertThat(redis.commands().xlen("ssegate:{42}:history")).isOne();
			});
	}

	@Test
	void redisUrlIsEnoughWhereSpringDataRedisIsToldNothing() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("ssegate.notifier.redis-url=" + redis.url())
			.run((context) -> {
				context.getBean(Notifier.class).progress("42", 50);

				assertThat(redis.commands().xlen("ssegate:{42}:history")).isOne();
			});
	}

	@Test
	void worksWithoutSpringDataRedis() {
		this.runner.withClassLoader(new FilteredClassLoader(LettuceConnectionFactory.class))
			.withPropertyValues("ssegate.notifier.redis-url=" + redis.url())
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ApplicationRedisClient.class);

				context.getBean(Notifier.class).progress("42", 50);

				assertThat(redis.commands().xlen("ssegate:{42}:history")).isOne();
			});
	}

	@Test
	void propertiesShapeTheRedisKeys() {
		this.runner
			.withPropertyValues("ssegate.notifier.redis-url=" + redis.url(), "ssegate.notifier.key-prefix=orders:",
					"ssegate.notifier.history-max-length=3", "ssegate.notifier.history-ttl=90s")
			.run((context) -> {
				Notifier notifier = context.getBean(Notifier.class);
				for (int i = 0; i < 5; i++) {
					notifier.progress("42", i);
				}

				assertThat(redis.commands().keys("*")).containsExactly("orders:{42}:history");
				assertThat(redis.commands().xlen("orders:{42}:history")).isEqualTo(3);
				assertThat(redis.commands().ttl("orders:{42}:history")).isBetween(80L, 90L);
			});
	}

	@Test
	void publishedTaskNotificationLandsInTheTaskHistory() {
		this.runner.withPropertyValues("ssegate.notifier.redis-url=" + redis.url()).run((context) -> {
			context.publishEvent(new TaskNotification("42", NotifyEvent.progress(50)));
			context.publishEvent(new TaskNotification("42", NotifyEvent.completed("done")));

			assertThat(redis.commands().xlen("ssegate:{42}:history")).isEqualTo(2);
		});
	}

	@AutoConfiguration(after = NotifierAutoConfiguration.class)
	static class LateRedisAutoConfiguration {

		@Bean
		LettuceConnectionFactory redisConnectionFactory() {
			return new LettuceConnectionFactory(
					new RedisStandaloneConfiguration(redis.uri().getHost(), redis.uri().getPort()));
		}

	}

	private static int deadPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
