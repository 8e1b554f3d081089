package io.ssegate.gateway.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health and metrics are served on the management port only: the public port, which the
 * proxy routes to, serves streams and the publish API and answers 404 for the actuator.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ssegate.security.anonymous=true")
class ManagementPortIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void theShippedConfigurationPutsTheActuatorOnItsOwnPort() throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application.yml",
				new ClassPathResource("application.yml"));
		assertThat(sources).extracting((source) -> Objects.toString(source.getProperty("management.server.port")))
			.containsExactly("9090");
	}

	@Test
	void theManagementPortIsNotThePublicPort() {
		assertThat(this.managementPort).isPositive().isNotEqualTo(this.port);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/health", "/actuator/health/readiness", "/actuator/prometheus",
			"/actuator/info" })
	void thePublicPortAnswers404ForTheActuator(String path) throws Exception {
		HttpResponse<String> response = get(this.port, path);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).doesNotContain("UP").doesNotContain("jvm_");
	}

	@Test
	void theManagementPortServesTheProbesAndTheMetrics() throws Exception {
		assertThat(get(this.managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(get(this.managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
		HttpResponse<String> metrics = get(this.managementPort, "/actuator/prometheus");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("ssegate_streams_active");
	}

	@Test
	void theManagementPortServesNeitherStreamsNorThePublishApi() throws Exception {
		assertThat(status(this.managementPort, "/sse/register?taskId=t1")).isEqualTo(404);
		assertThat(status(this.port, "/sse/register?taskId=t1")).isEqualTo(200);
		assertThat(status(this.managementPort, "/api/tasks/t1/events")).isEqualTo(404);
	}

	/** The status alone, without waiting for the body: a stream's never ends. */
	private int status(int port, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
		HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		response.body().close();
		return response.statusCode();
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
