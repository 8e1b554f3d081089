package io.ssegate.gateway.system;

import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import org.springframework.boot.jetty.JettyServerCustomizer;

/**
 * Jetty's connectors, set for many long-lived streams:
 * <ul>
 * <li>Small response buffers. An SSE response lives as long as its client follows the
 * task, and Jetty's 32 KiB default output buffer would cost 32 KiB per idle stream.
 * Frames are small and every write is flushed, so 2 KiB suffice (larger frames are
 * written straight through); BENCHMARKS.md has the figures.</li>
 * <li>A long accept queue. When a node goes away, its clients reconnect to the others all
 * at once; with the JVM's default backlog of 50, most of their connects would time out.
 * The kernel caps it at {@code net.core.somaxconn}.</li>
 * </ul>
 */
class JettyConnectorTuning implements JettyServerCustomizer {

	static final int OUTPUT_BUFFER_SIZE = 2048;

	static final int OUTPUT_AGGREGATION_SIZE = 1024;

	static final int ACCEPT_QUEUE_SIZE = 4096;

	@Override
	public void customize(Server server) {
		for (Connector connector : server.getConnectors()) {
			if (connector instanceof ServerConnector serverConnector) {
				serverConnector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
			}
			for (ConnectionFactory factory : connector.getConnectionFactories()) {
				if (factory instanceof HttpConfiguration.ConnectionFactory http) {
					HttpConfiguration configuration = http.getHttpConfiguration();
					configuration.setOutputBufferSize(OUTPUT_BUFFER_SIZE);
					configuration.setOutputAggregationSize(OUTPUT_AGGREGATION_SIZE);
				}
			}
		}
	}

}
