package io.ssegate.gateway.system;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.boot.jetty.autoconfigure.JettyServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Node-wide infrastructure: scheduling, the web server's buffers and threads, virtual
 * threads for work that waits (such as the broker's re-syncs).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SystemConfiguration {

	/**
	 * Virtual threads for work that waits, such as the broker's re-syncs.
	 */
	@Bean(destroyMethod = "close")
	ExecutorService virtualThreads() {
		return Executors.newVirtualThreadPerTaskExecutor();
	}

	/**
	 * No HTTP server observation of streams: its context would live as long as the stream
	 * (about 2 KiB each), and its duration would be the stream's lifetime. The gateway's
	 * own meters cover streams.
	 */
	@Bean
	ObservationPredicate noObservationOfStreams() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext request
				&& Objects.requireNonNull(request.getCarrier()).getRequestURI().startsWith("/sse/"));
	}

	@Bean
	JettyThreads jettyThreads(JettyServerProperties server) {
		return new JettyThreads(server.getThreads());
	}

	@Bean
	JettyConnectorTuning jettyConnectorTuning() {
		return new JettyConnectorTuning();
	}

}
