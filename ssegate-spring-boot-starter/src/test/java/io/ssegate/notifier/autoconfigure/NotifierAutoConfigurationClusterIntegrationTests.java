package io.ssegate.notifier.autoconfigure;

import io.lettuce.core.api.sync.RedisCommands;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.RedisUnavailableException;
import io.ssegate.testing.redis.RedisClusterExtension;
import io.ssegate.testing.redis.RedisClusterServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NotifierAutoConfigurationClusterIntegrationTests {

	@RegisterExtension
	static final RedisClusterExtension redis = new RedisClusterExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, NotifierAutoConfiguration.class));

	@Test
	void notifierSharesTheClusterClientOfSpringDataRedis() {
		this.runner
			.withPropertyValues("spring.data.redis.cluster.nodes=" + redis.cluster().clusterNodes(),
					"spring.data.redis.client-name=orders-app")
			.run((context) -> {
				Notifier notifier = context.getBean(Notifier.class);
				notifier.progress("42", 50);

				String history = "ssegate:{42}:history";
				RedisClusterServer cluster = redis.cluster();
				RedisCommands<String, String> master = cluster
					.commands(cluster.masterOf(RedisClusterServer.slotOf(history)));
				assertThat(master.xlen(history)).isOne();
				// The connection that published has the name Spring Data Redis gives...
				assertThat(master.clientList().lines())
					.anyMatch((client) -> client.contains(" name=orders-app ") && client.contains(" cmd=evalsha "));
				// ...and is its client's: shutting that client down closes it.
				context.getBean(LettuceConnectionFactory.class).stop();
				assertThatExceptionOfType(RedisUnavailableException.class)
					.isThrownBy(() -> notifier.progress("42", 60));
			});
	}

}
