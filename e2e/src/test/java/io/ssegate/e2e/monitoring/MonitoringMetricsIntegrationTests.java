package io.ssegate.e2e.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ssegate.e2e.GatewayNode;
import io.ssegate.e2e.monitoring.MonitoringFiles.Expression;
import io.ssegate.testing.redis.RedisServer;
import io.ssegate.testing.redis.RedisServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Helm chart's alert rules and Grafana dashboard read only metrics that a gateway
 * node exports: one node on a real Redis gets some traffic (streams, publishes, an END,
 * bad requests, a refused stream), then its {@code /actuator/prometheus} on the
 * management port is scraped, and every metric name in the alerts' and panels' PromQL
 * must be in it.
 */
class MonitoringMetricsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Pattern ACTIVE_STREAMS = Pattern.compile("(?m)^ssegate_streams_active(?:\\{[^}]*})? (\\S+)$");

	private static final Pattern SAMPLE_NAME = Pattern.compile("(?m)^([a-zA-Z_:][\\w:]*)[{ ]");

	private static RedisServer redis;

	private static GatewayNode node;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startNode() {
		redis = RedisServers.start();
		node = GatewayNode.start(Path.of("target", "monitoring", "node.log").toAbsolutePath(),
				"--spring.data.redis.url=redis://" + redis.host() + ":" + redis.port(),
				"--ssegate.security.anonymous=true", "--ssegate.stream.max-streams=2");
	}

	@AfterAll
	static void stopNode() {
		try {
			if (node != null) {
				node.close();
			}
		}
		finally {
			if (redis != null) {
				redis.close();
			}
		}
	}

	@Test
	void alertsAndDashboardReadOnlyMetricsTheNodeExports() throws Exception {
		sendTraffic();
		collectGarbage();
		Set<String> exported = sampleNames(scrape());
		List<Expression> expressions = MonitoringFiles.expressions();
		assertThat(expressions).extracting(Expression::metricNames)
			.allSatisfy((names) -> assertThat(names).isNotEmpty());
		List<String> unknown = expressions.stream()
			.flatMap((expression) -> expression.metricNames()
				.stream()
				.filter((name) -> !exported.contains(name))
				.map((name) -> expression.source() + " reads " + name + " in: " + expression.promQl()))
			.toList();
		assertThat(unknown).as("metrics that a gateway node does not export; it exports %s", exported).isEmpty();
	}

	/**
	 * Two streams of one task (the node's limit), a third one refused, a publish and the
	 * task's END, which both streams receive before they end, and two bad requests.
	 */
	private void sendTraffic() throws Exception {
		String taskId = "monitored-" + System.nanoTime();
		List<CompletableFuture<HttpResponse<String>>> streams = List.of(openStream(taskId), openStream(taskId));
		await("two open streams").atMost(WAIT).until(() -> activeStreams() == 2);
		HttpResponse<String> refused = this.http.send(
				HttpRequest.newBuilder(node.uri("/sse/register?taskId=other-" + taskId)).timeout(WAIT).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);

		assertThat(publish(taskId, "{\"data\":\"hello\"}").statusCode()).isEqualTo(202);
		assertThat(publish(taskId, "{\"data\":\"bye\",\"status\":\"END\"}").statusCode()).isEqualTo(202);
		for (CompletableFuture<HttpResponse<String>> stream : streams) {
			assertThat(stream.get(WAIT.toSeconds(), TimeUnit.SECONDS).body()).contains("data: hello", "data: bye");
		}

		assertThat(publish(taskId, "{\"unknown\":1}").statusCode()).isEqualTo(400);
		assertThat(this.http
			.send(HttpRequest.newBuilder(node.uri("/sse/register")).timeout(WAIT).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode()).isEqualTo(400);
	}

	/**
	 * Ask the node's JVM for a collection ({@code jcmd GC.run}): the GC pause timer is
	 * registered at the first collection, which a running node has long had.
	 */
	private void collectGarbage() throws Exception {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(node.pid()), "GC.run")
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("jcmd GC.run finished").isTrue();
		await("a GC pause recorded").atMost(WAIT).until(() -> scrape().contains("jvm_gc_pause_seconds_count"));
	}

	private CompletableFuture<HttpResponse<String>> openStream(String taskId) {
		return this.http.sendAsync(HttpRequest.newBuilder(node.uri("/sse/register?taskId=" + taskId))
			.header("Accept", "text/event-stream")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> publish(String taskId, String json) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(node.uri("/api/tasks/" + taskId + "/events"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.timeout(WAIT)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private int activeStreams() throws IOException, InterruptedException {
		Matcher gauge = ACTIVE_STREAMS.matcher(scrape());
		return gauge.find() ? (int) Double.parseDouble(gauge.group(1)) : -1;
	}

	private String scrape() throws IOException, InterruptedException {
		URI prometheus = node.managementUri("/actuator/prometheus");
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(prometheus).timeout(WAIT).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s", prometheus).isEqualTo(200);
		return response.body();
	}

	/**
	 * The names of a scrape's samples: a histogram's {@code _bucket}, {@code _count} and
	 * {@code _sum} and a counter's {@code _total} as they appear.
	 */
	private static Set<String> sampleNames(String scrape) {
		Set<String> names = new TreeSet<>();
		Matcher sample = SAMPLE_NAME.matcher(scrape);
		while (sample.find()) {
			names.add(sample.group(1));
		}
		return names;
	}

}
