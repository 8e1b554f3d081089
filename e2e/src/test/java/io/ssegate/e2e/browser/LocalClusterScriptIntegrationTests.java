package io.ssegate.e2e.browser;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.ssegate.e2e.Repository;
import io.ssegate.e2e.browser.ClusterScript.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/local/cluster.sh} itself: it runs nginx with the shared configuration,
 * reports its processes, refuses to start twice or on a busy port, and stops everything
 * it started.
 */
class LocalClusterScriptIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	@Test
	void startsNginxWithTheSharedConfigurationAndStopsEverythingItStarted() throws Exception {
		List<Long> pids;
		ClusterScript script;
		try (LocalCluster cluster = LocalCluster.start("script", 1)) {
			script = cluster.script();
			Path nginxConf = script.stateDirectory().resolve("nginx/nginx.conf");
			assertThat(Files.readString(nginxConf))
				.contains("include " + Repository.file("deploy/nginx/ssegate.conf") + ";");
			assertThat(get(cluster.loadBalancer().resolve("/nginx-health"))).isEqualTo(200);
			assertThat(get(cluster.loadBalancer())).as("the demo page through nginx").isEqualTo(200);
			// Health and metrics on the node's management port only: not through nginx,
			// not on
			// the node's public port.
			LocalCluster.Node node = cluster.nodes().get(0);
			URI management = URI.create("http://127.0.0.1:" + node.managementPort());
			assertThat(get(management.resolve("/actuator/health/readiness"))).isEqualTo(200);
			assertThat(get(management.resolve("/actuator/prometheus"))).isEqualTo(200);
			assertThat(get(URI.create("http://127.0.0.1:" + node.port() + "/actuator/health"))).isEqualTo(404);
			assertThat(get(cluster.loadBalancer().resolve("/actuator/health"))).isEqualTo(404);
			assertThat(script.run(TIMEOUT, "status").output()).contains("(management " + node.managementPort() + ")");

			Result status = script.run(TIMEOUT, "status");
			assertThat(status.exitCode()).isZero();
			assertThat(status.output()).containsPattern("nginx +running")
				.containsPattern("node-1 +running")
				.containsPattern("redis +running");

			Result again = script.run(TIMEOUT, "start", "--nodes", "1");
			assertThat(again.exitCode()).isNotZero();
			assertThat(again.output()).contains("already runs");

			pids = List.of("nginx", "node-1", "redis")
				.stream()
				.map((component) -> pid(script.stateDirectory(), component))
				.toList();
			assertThat(pids).allMatch(LocalCluster::isRunning);
		}
		assertThat(pids).noneMatch(LocalCluster::isRunning);
		assertThat(script.run(TIMEOUT, "status").exitCode()).isEqualTo(3);
	}

	@Test
	void refusesABusyPortAndStartsNothing() throws IOException {
		ClusterScript script = new ClusterScript(LocalCluster.stateDirectory("busy-port"));
		try (ServerSocket busy = new ServerSocket()) {
			busy.bind(new InetSocketAddress("127.0.0.1", 0));
			Result result = script.run(TIMEOUT, "start", "--nodes", "1", "--port", String.valueOf(busy.getLocalPort()),
					"--jar", Repository.gatewayJar().toString());
			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.output()).contains("port " + busy.getLocalPort() + " is in use");
		}
		assertThat(script.run(TIMEOUT, "status").exitCode()).isEqualTo(3);
	}

	private static int get(URI uri) throws IOException, InterruptedException {
		try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
			HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
			return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
	}

	private static long pid(Path stateDirectory, String component) {
		try {
			return Long.parseLong(Files.readString(stateDirectory.resolve(component + ".pid")).strip());
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

}
