package io.ssegate.gateway.system;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Node-wide infrastructure: settings, scheduling and the virtual threads that write
 * streams.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
@EnableScheduling
class SystemConfiguration {

	/**
	 * Virtual threads for stream writes and broker re-syncs: blocking on a slow client's
	 * socket costs a few KB, never a platform thread.
	 */
	@Bean(destroyMethod = "close")
	ExecutorService virtualThreads() {
		return Executors.newVirtualThreadPerTaskExecutor();
	}

}
