package io.ssegate.notifier.autoconfigure;

import io.ssegate.notifier.Notifier;
import io.ssegate.testing.redis.RedisClusterExtension;
import io.ssegate.testing.redis.RedisClusterServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class NotifierAutoConfigurationClusterIntegrationTests {

	@RegisterExtension
	static final RedisClusterExtension redis = new RedisClusterExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, NotifierAutoConfiguration.class));

	@Test
	void notifierSharesTheClusterClientOfSpringDataRedis() {
		this.runner.withPropertyValues("spring.data.redis.cluster.nodes=" + redis.cluster().clusterNodes())
			.run((context) -> {
				context.getBean(Notifier.class).progress("42", 50);

				String history = "ssegate:{42}:history";
				RedisClusterServer cluster = redis.cluster();
				assertThat(cluster.commands(cluster.masterOf(RedisClusterServer.slotOf(history))).xlen(history))
					.isOne();
			});
	}

}
