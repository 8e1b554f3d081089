package io.ssegate.gateway.stream;

import io.ssegate.gateway.broker.NodeLoads;
import io.ssegate.gateway.system.Tracing;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * The stream settings, the stream registry with its fan-out lanes, the rebalancing of
 * streams over the nodes, and web settings of the stream endpoint.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ StreamProperties.class, DrainProperties.class, RebalanceProperties.class,
		ClientLimitProperties.class, AdmissionProperties.class })
class StreamConfiguration {

	/**
	 * Followers of a task beyond this many are written on the fan-out lanes.
	 */
	static final int INLINE_FAN_OUT = 64;

	@Bean(destroyMethod = "close")
	FanOutLanes fanOutLanes() {
		return new FanOutLanes(Runtime.getRuntime().availableProcessors(), INLINE_FAN_OUT);
	}

	@Bean
	ClientStreamCounts clientStreamCounts(ClientLimitProperties limits) {
		return new ClientStreamCounts(limits);
	}

	@Bean
	ClientAddress clientAddress(ClientLimitProperties limits) {
		return new ClientAddress(limits.trustedProxies());
	}

	@Bean
	StreamRegistry streamRegistry(StreamMeters metrics, FanOutLanes fanOutLanes, Tracing tracing) {
		return new StreamRegistry(metrics, fanOutLanes, new DeliveryTracing(tracing));
	}

	@Bean
	StreamRebalancer streamRebalancer(StreamRegistry registry, NodeLoads loads, RetryHints hints, Drain drain,
			RebalanceProperties properties, StreamMeters meters) {
		return new StreamRebalancer(registry, loads, hints, drain, properties, meters);
	}

	@Bean
	SchedulingConfigurer streamRebalancing(StreamRebalancer rebalancer, RebalanceProperties properties) {
		return (registrar) -> registrar.addFixedDelayTask(rebalancer::check, properties.interval());
	}

	@Bean
	FilterRegistrationBean<StreamRequestTrimmer> streamRequestTrimmer() {
		FilterRegistrationBean<StreamRequestTrimmer> registration = new FilterRegistrationBean<>(
				new StreamRequestTrimmer());
		registration.addUrlPatterns("/sse/register");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setAsyncSupported(true);
		return registration;
	}

}
