package io.ssegate.e2e.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ssegate.e2e.Durations;
import io.ssegate.e2e.Repository;
import io.ssegate.e2e.YamlNode;
import io.ssegate.e2e.config.NginxConfig.Directive;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml}: Redis, three gateway nodes and nginx running the shared
 * configuration. (No Docker engine in CI: the file is checked, not run.)
 */
class ComposeFileTests {

	private static final List<String> GATEWAYS = List.of("gateway-1", "gateway-2", "gateway-3");

	private final YamlNode services = YamlNode.load(Repository.file("docker-compose.yml")).at("services");

	@Test
	void runsRedisThreeGatewayNodesAndNginx() {
		assertThat(this.services.entries().keySet()).containsExactlyInAnyOrder("redis", "gateway-1", "gateway-2",
				"gateway-3", "nginx");
		for (String gateway : GATEWAYS) {
			YamlNode build = service(gateway).at("build");
			assertThat(build.at("context").text()).isEqualTo(".");
			assertThat(Repository.file(build.at("dockerfile").text())).hasFileName("Dockerfile");
		}
	}

	@Test
	void gatewayNodesShareTheRedisAndWaitForIt() {
		assertThat(service("redis").has("healthcheck", "test")).isTrue();
		for (String gateway : GATEWAYS) {
			YamlNode node = service(gateway);
			assertThat(node.at("environment", "SPRING_DATA_REDIS_URL").text()).isEqualTo("redis://redis:6379");
			assertThat(node.at("depends_on", "redis", "condition").text()).isEqualTo("service_healthy");
			assertThat(node.at("environment", "SSEGATE_SECURITY_ANONYMOUS").text()).isEqualTo("true");
		}
	}

	@Test
	void gatewayNodesAreGivenTimeToDrainWhenStopped() {
		for (String gateway : GATEWAYS) {
			YamlNode node = service(gateway);
			Duration drain = node.find("environment", "SSEGATE_DRAIN_GRACE_PERIOD")
				.map((value) -> Durations.parse(value.text(), ChronoUnit.MILLIS))
				.orElseGet(() -> Repository.gatewayDefault("ssegate.drain.grace-period"));
			Duration stop = Durations.parse(node.at("stop_grace_period").text(), ChronoUnit.SECONDS);
			assertThat(stop).as(gateway + " stop_grace_period").isGreaterThan(drain);
		}
	}

	@Test
	void gatewayNodesPublishNoPortAndKeepTheImagesHealthCheckOnTheManagementPort() {
		for (String gateway : GATEWAYS) {
			YamlNode node = service(gateway);
			// Health and metrics stay inside the compose network; the image's health
			// check
			// (DockerfileTests) asks the management port.
			assertThat(node.has("ports")).as(gateway + " ports").isFalse();
			assertThat(node.has("healthcheck")).as(gateway + " healthcheck").isFalse();
		}
	}

	@Test
	void nginxRunsTheSharedConfigurationOnPort8080() {
		YamlNode nginx = service("nginx");
		assertThat(nginx.at("volumes").texts()).containsExactlyInAnyOrder(
				"./deploy/nginx/ssegate.conf:/etc/nginx/conf.d/default.conf:ro",
				"./deploy/nginx/compose:/etc/nginx/ssegate:ro");
		assertThat(nginx.at("ports").texts()).containsExactly("8080:8080");
		Directive listen = NginxConfig.parse(Repository.file("deploy/nginx/compose/listen.conf")).all("listen").get(0);
		assertThat(listen.arg()).isEqualTo("8080");
		assertThat(nginx.has("healthcheck", "test")).isTrue();
	}

	@Test
	void nginxBalancesOverEveryGatewayNode() {
		List<Directive> servers = NginxConfig.parse(Repository.file("deploy/nginx/compose/gateways.conf"))
			.all("server");
		assertThat(servers).extracting((server) -> server.args().get(0))
			.containsExactlyInAnyOrder(GATEWAYS.stream().map((gateway) -> gateway + ":8080").toArray(String[]::new));
		Map<String, YamlNode> dependsOn = service("nginx").at("depends_on").entries();
		assertThat(dependsOn.keySet()).containsExactlyInAnyOrderElementsOf(GATEWAYS);
		dependsOn.values()
			.forEach((condition) -> assertThat(condition.at("condition").text()).isEqualTo("service_healthy"));
	}

	@Test
	void nginxImageResolvesUpstreamNamesAtRuntime() {
		// deploy/nginx/compose/gateways.conf uses "resolve", open source since nginx
		// 1.27.3.
		Matcher version = Pattern.compile("nginx:(\\d+)\\.(\\d+)").matcher(service("nginx").at("image").text());
		assertThat(version.find()).as("nginx image with a major.minor tag").isTrue();
		int major = Integer.parseInt(version.group(1));
		int minor = Integer.parseInt(version.group(2));
		assertThat(major > 1 || minor >= 28).as("nginx 1.28 or later").isTrue();
	}

	private YamlNode service(String name) {
		return this.services.at(name);
	}

}
