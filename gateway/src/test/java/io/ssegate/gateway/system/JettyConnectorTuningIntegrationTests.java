package io.ssegate.gateway.system;

import java.util.Arrays;

import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web server is Jetty, with small response buffers that keep idle streams cheap, an
 * accept queue long enough for a reconnect storm, and its selector on a platform thread.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ssegate.security.anonymous=true")
class JettyConnectorTuningIntegrationTests {

	@Autowired
	ServletWebServerApplicationContext context;

	@Test
	void everyHttpConnectorHasSmallOutputBuffers() {
		assertThat(Arrays.stream(server().getConnectors())
			.flatMap((connector) -> connector.getConnectionFactories().stream())
			.filter(HttpConfiguration.ConnectionFactory.class::isInstance)
			.map((factory) -> ((HttpConfiguration.ConnectionFactory) factory).getHttpConfiguration())).isNotEmpty()
			.allSatisfy((configuration) -> {
				assertThat(configuration.getOutputBufferSize()).isEqualTo(2048);
				assertThat(configuration.getOutputAggregationSize()).isEqualTo(1024);
			});
	}

	@Test
	void everyServerConnectorHasALongAcceptQueue() {
		assertThat(server().getConnectors()).isNotEmpty()
			.allSatisfy((connector) -> assertThat(connector).isInstanceOfSatisfying(ServerConnector.class,
					(serverConnector) -> assertThat(serverConnector.getAcceptQueueSize()).isEqualTo(4096)));
	}

	@Test
	void theSelectorRunsOnAPlatformThreadAndBlockingWorkOnVirtualThreads() {
		assertThat(server().getThreadPool()).isInstanceOfSatisfying(ResumingThreadPool.class, (pool) -> {
			assertThat(VirtualThreads.getVirtualThreadsExecutor(pool)).isNotNull();
			assertThat(pool.getMaxThreads()).isEqualTo(200);
		});
		// Thread.getAllStackTraces() lists platform threads only.
		assertThat(Thread.getAllStackTraces().entrySet())
			.filteredOn((thread) -> thread.getKey().getName().startsWith("jetty-"))
			.anySatisfy((thread) -> assertThat(thread.getValue())
				.anySatisfy((frame) -> assertThat(frame.getClassName()).startsWith(ManagedSelector.class.getName())));
	}

	private Server server() {
		assertThat(this.context.getWebServer()).isInstanceOf(JettyWebServer.class);
		return ((JettyWebServer) this.context.getWebServer()).getServer();
	}

}
