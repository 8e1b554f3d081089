package io.ssegate.gateway.system;

import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;

import org.springframework.boot.jetty.JettyServerCustomizer;

/**
 * Small response buffers: an SSE response lives for as long as its client follows the
 * task, and Jetty's 32 KiB default output buffer would then cost 32 KiB per idle stream.
 * Frames are small and every write is flushed, so 2 KiB (larger frames are written
 * straight through) keep the per-stream memory near Nchan's (BENCHMARKS.md).
 */
class JettyBufferSizes implements JettyServerCustomizer {

	static final int OUTPUT_BUFFER_SIZE = 2048;

	static final int OUTPUT_AGGREGATION_SIZE = 1024;

	@Override
	public void customize(Server server) {
		for (Connector connector : server.getConnectors()) {
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
