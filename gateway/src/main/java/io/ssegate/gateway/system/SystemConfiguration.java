package io.ssegate.gateway.system;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Node-wide infrastructure: settings, scheduling, the web server's buffers and the
 * virtual threads that re-sync the broker.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
@EnableScheduling
class SystemConfiguration {

	/**
	 * Virtual threads for the broker's re-syncs, which wait on Redis.
	 */
	@Bean(destroyMethod = "close")
	ExecutorService virtualThreads() {
		return Executors.newVirtualThreadPerTaskExecutor();
	}

	@Bean
	JettyBufferSizes jettyBufferSizes() {
		return new JettyBufferSizes();
	}

}
