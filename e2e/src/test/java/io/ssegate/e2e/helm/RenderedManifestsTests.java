package io.ssegate.e2e.helm;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.ssegate.e2e.Durations;
import io.ssegate.e2e.Repository;
import io.ssegate.e2e.YamlNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the chart renders for Server-Sent Events: no route cuts or holds a stream, health
 * and metrics stay on the management port, a pod outlives its drain, and it runs
 * hardened.
 */
class RenderedManifestsTests {

	/** ssegate.stream.timeout plus its 10 % jitter: the longest a stream lives. */
	private static final Duration STREAM_LIFETIME = Duration.ofSeconds(3600 + 360);

	@TempDir
	Path work;

	@Test
	void chartDefaultsAreTheGatewayDefaults() {
		YamlNode values = YamlNode.load(Repository.file("deploy/helm/ssegate/values.yaml"));
		assertThat(Duration.ofSeconds(values.at("stream", "timeoutSeconds").number()))
			.isEqualTo(Repository.gatewayDefault("ssegate.stream.timeout"));
		assertThat(Duration.ofSeconds(values.at("drain", "gracePeriodSeconds").number()))
			.isEqualTo(Repository.gatewayDefault("ssegate.drain.grace-period"));
		assertThat(Durations.parse(values.at("stream", "heartbeatInterval").text(), ChronoUnit.MILLIS))
			.isEqualTo(Repository.gatewayDefault("ssegate.stream.heartbeat-interval"));
		assertThat(values.at("broker", "keyPrefix").text()).isEqualTo("ssegate:");
	}

	@ParameterizedTest
	@ValueSource(strings = { "f5-nginx", "haproxy", "contour", "traefik", "none" })
	void ingressNeitherTimesOutNorBuffersAStream(String controller) {
		Manifests manifests = render("sentinel-ingress", Map.of("ingress.controller", controller));
		Map<String, YamlNode> annotations = manifests.one("Ingress")
			.find("metadata", "annotations")
			.map(YamlNode::entries)
			.orElse(Map.of());
		assertThat(annotations.keySet()).as("the preset's timeouts").containsAll(expectedTimeouts(controller));
		annotations.forEach((name, value) -> {
			if (name.contains("timeout")) {
				assertThat(value.text()).as(name)
					.satisfiesAnyOf((text) -> assertThat(text).isEqualTo("infinity"),
							(text) -> assertThat(Durations.parse(text, ChronoUnit.SECONDS))
								.isGreaterThanOrEqualTo(STREAM_LIFETIME));
			}
			if (name.contains("buffering")) {
				assertThat(value.text()).as(name).isIn("False", "false", "off");
			}
		});
		if (controller.equals("f5-nginx")) {
			assertThat(annotations.get("nginx.org/proxy-buffering").text()).isEqualTo("False");
			assertThat(annotations.get("nginx.org/max-fails").text()).as("a restarting pod stays in the rotation")
				.isEqualTo("0");
		}
	}

	private static List<String> expectedTimeouts(String controller) {
		return switch (controller) {
			case "f5-nginx" -> List.of("nginx.org/proxy-read-timeout", "nginx.org/proxy-send-timeout");
			case "haproxy" ->
				List.of("haproxy-ingress.github.io/timeout-server", "haproxy-ingress.github.io/timeout-tunnel");
			case "contour" -> List.of("projectcontour.io/response-timeout");
			default -> List.of();
		};
	}

	@Test
	void httpRouteNeitherTimesOutAStreamNorRoutesTheManagementPort() {
		Manifests manifests = render("standalone-httproute", Map.of());
		long httpPort = servicePort(manifests, "http");
		for (YamlNode rule : manifests.one("HTTPRoute").at("spec", "rules").items()) {
			for (String timeout : List.of("request", "backendRequest")) {
				String value = rule.at("timeouts", timeout).text();
				assertThat(value).as(timeout)
					.satisfiesAnyOf((text) -> assertThat(text).isEqualTo("0s"),
							(text) -> assertThat(Durations.parse(text, ChronoUnit.SECONDS))
								.isGreaterThanOrEqualTo(STREAM_LIFETIME));
			}
			assertThat(rule.at("backendRefs").items())
				.allSatisfy((backend) -> assertThat(backend.at("port").number()).isEqualTo(httpPort));
			assertThat(rule.at("matches").items()).extracting((match) -> match.at("path", "value").text())
				.containsExactlyInAnyOrder("/sse", "/api");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "standalone-httproute", "sentinel-ingress", "cluster-keda-networkpolicy-monitoring" })
	void onlyTheServiceMonitorReachesTheManagementPort(String preset) {
		Manifests manifests = render(preset, Map.of("ingress.controller", "f5-nginx"));
		assertThat(servicePort(manifests, "management")).isNotEqualTo(servicePort(manifests, "http"));
		for (YamlNode ingress : manifests.all("Ingress")) {
			for (YamlNode rule : ingress.at("spec", "rules").items()) {
				assertThat(rule.at("http", "paths").items()).allSatisfy(
						(path) -> assertThat(path.at("backend", "service", "port", "name").text()).isEqualTo("http"));
			}
		}
		for (YamlNode route : manifests.all("HTTPRoute")) {
			assertThat(route.at("spec", "rules").items()).flatExtracting((rule) -> rule.at("backendRefs").items())
				.allSatisfy(
						(backend) -> assertThat(backend.at("port").number()).isEqualTo(servicePort(manifests, "http")));
		}
		for (YamlNode monitor : manifests.all("ServiceMonitor")) {
			assertThat(monitor.at("spec", "endpoints").items()).allSatisfy((endpoint) -> {
				assertThat(endpoint.at("port").text()).isEqualTo("management");
				assertThat(endpoint.at("path").text()).isEqualTo("/actuator/prometheus");
			});
		}
	}

	@Test
	void alertsSelectThisReleasesServiceAndTheDashboardReachesGrafanasSidecar() {
		Manifests manifests = render("cluster-keda-networkpolicy-monitoring",
				Map.of("monitoring.dashboard.labels.grafana_dashboard", "ssegate"));
		String service = manifests.one("Service").at("metadata", "name").text();
		String namespace = HelmChart.NAMESPACE;
		List<YamlNode> rules = manifests.one("PrometheusRule")
			.at("spec", "groups")
			.items()
			.stream()
			.flatMap((group) -> group.at("rules").items().stream())
			.toList();
		assertThat(rules).hasSize(6)
			.allSatisfy((rule) -> assertThat(rule.at("expr").text()).contains("service=\"" + service + "\"")
				.contains("namespace=\"" + namespace + "\""));
		YamlNode dashboard = manifests.all("ConfigMap")
			.stream()
			.filter((map) -> map.has("metadata", "labels", "grafana_dashboard"))
			.findFirst()
			.orElseThrow();
		assertThat(dashboard.at("metadata", "labels", "grafana_dashboard").text()).isEqualTo("ssegate");
		assertThat(dashboard.at("data").entries().values()).singleElement()
			.satisfies((json) -> assertThat(json.text()).contains("\"panels\""));
	}

	@Test
	void networkPolicyLetsOnlyTheProxyReachStreamsAndOnlyPrometheusReachMetrics() {
		Manifests manifests = render("cluster-keda-networkpolicy-monitoring", Map.of());
		List<YamlNode> rules = manifests.one("NetworkPolicy").at("spec", "ingress").items();
		assertThat(rules).hasSize(2);
		assertThat(rules.get(0).at("ports").items()).extracting((port) -> port.at("port").text())
			.containsExactly("http");
		assertThat(rules.get(0).at("from", 0, "podSelector", "matchLabels", "app.kubernetes.io/name").text())
			.isEqualTo("envoy");
		assertThat(rules.get(1).at("ports").items()).extracting((port) -> port.at("port").text())
			.containsExactly("management");
		assertThat(rules.get(1).at("from", 0, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name").text())
			.isEqualTo("monitoring");
		assertThat(rules.get(1).at("from", 0).has("podSelector")).as("every pod of the monitoring namespace").isFalse();
	}

	@Test
	void probesAndTheManagementServerUseTheManagementPort() {
		Manifests manifests = render("standalone-httproute", Map.of());
		YamlNode container = gatewayContainer(manifests);
		long managementPort = container.at("ports")
			.items()
			.stream()
			.filter((port) -> port.at("name").text().equals("management"))
			.findFirst()
			.orElseThrow()
			.at("containerPort")
			.number();
		assertThat(managementPort).isEqualTo(servicePort(manifests, "management")).isNotEqualTo(8080);
		assertThat(env(container, "MANAGEMENT_SERVER_PORT").map((variable) -> variable.at("value").text()))
			.hasValue("" + managementPort);
		for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			assertThat(container.at(probe, "httpGet", "port").text()).as(probe).isEqualTo("management");
			assertThat(container.at(probe, "httpGet", "path").text()).as(probe).startsWith("/actuator/health/");
		}
		assertThat(container.at("readinessProbe", "httpGet", "path").text()).isEqualTo("/actuator/health/readiness");
	}

	@Test
	void tracingIsOffByDefault() {
		assertThat(env(gatewayContainer(render("standalone-httproute", Map.of())), "MANAGEMENT_TRACING_EXPORT_ENABLED"))
			.isEmpty();
	}

	@Test
	void tracingTurnedOnExportsWithSpringBootsProperties() {
		YamlNode container = gatewayContainer(render("standalone-httproute", Map.of("tracing.enabled", true,
				"tracing.otlpEndpoint", "http://collector:4318/v1/traces", "tracing.samplingProbability", 0.05)));
		assertThat(env(container, "MANAGEMENT_TRACING_EXPORT_ENABLED").map((variable) -> variable.at("value").text()))
			.hasValue("true");
		assertThat(env(container, "MANAGEMENT_TRACING_SAMPLING_PROBABILITY")
			.map((variable) -> variable.at("value").text())).hasValue("0.05");
		assertThat(env(container, "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT")
			.map((variable) -> variable.at("value").text())).hasValue("http://collector:4318/v1/traces");
	}

	@Test
	void podOutlivesPreStopAndTheDrain() {
		Manifests manifests = render("standalone-httproute",
				Map.of("drain.gracePeriodSeconds", 40, "drain.preStopSleepSeconds", 10));
		YamlNode pod = manifests.one("Deployment").at("spec", "template", "spec");
		YamlNode container = gatewayContainer(manifests);
		long preStop = container.at("lifecycle", "preStop", "sleep", "seconds").number();
		Duration drain = Durations.parse(env(container, "SSEGATE_DRAIN_GRACE_PERIOD").orElseThrow().at("value").text(),
				ChronoUnit.SECONDS);
		assertThat(preStop).isEqualTo(10);
		assertThat(drain).isEqualTo(Duration.ofSeconds(40));
		assertThat(Duration.ofSeconds(pod.at("terminationGracePeriodSeconds").number()))
			.isGreaterThan(Duration.ofSeconds(preStop).plus(drain));
	}

	@Test
	void podRunsHardenedWithoutAServiceAccountToken() {
		Manifests manifests = render("standalone-httproute", Map.of());
		YamlNode pod = manifests.one("Deployment").at("spec", "template", "spec");
		assertThat(pod.at("automountServiceAccountToken").text()).isEqualTo("false");
		assertThat(manifests.one("ServiceAccount").at("automountServiceAccountToken").text()).isEqualTo("false");
		assertThat(pod.at("securityContext", "runAsNonRoot").text()).isEqualTo("true");
		assertThat(pod.at("securityContext", "runAsUser").number()).isEqualTo(10001);
		assertThat(pod.at("securityContext", "seccompProfile", "type").text()).isEqualTo("RuntimeDefault");
		YamlNode container = gatewayContainer(manifests);
		assertThat(container.at("securityContext", "readOnlyRootFilesystem").text()).isEqualTo("true");
		assertThat(container.at("securityContext", "allowPrivilegeEscalation").text()).isEqualTo("false");
		assertThat(container.at("securityContext", "capabilities", "drop").texts()).containsExactly("ALL");
		assertThat(container.at("securityContext", "seccompProfile", "type").text()).isEqualTo("RuntimeDefault");
		String tmp = container.at("volumeMounts")
			.items()
			.stream()
			.filter((mount) -> mount.at("mountPath").text().equals("/tmp"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No writable /tmp (Jetty needs one)"))
			.at("name")
			.text();
		assertThat(pod.at("volumes").items()).filteredOn((volume) -> volume.at("name").text().equals(tmp))
			.singleElement()
			.satisfies((volume) -> assertThat(volume.has("emptyDir")).isTrue());
	}

	@Test
	void secretsComeFromExistingSecretsAndTheServiceHasNoAffinity() {
		Manifests manifests = render("sentinel-ingress", Map.of());
		YamlNode container = gatewayContainer(manifests);
		for (String name : List.of("SPRING_DATA_REDIS_PASSWORD", "SPRING_DATA_REDIS_USERNAME",
				"SSEGATE_SECURITY_JWKS")) {
			YamlNode variable = env(container, name).orElseThrow(() -> new AssertionError("No " + name));
			assertThat(variable.has("value")).as(name).isFalse();
			assertThat(variable.has("valueFrom", "secretKeyRef", "name")).as(name).isTrue();
		}
		assertThat(env(container, "SPRING_DATA_REDIS_SENTINEL_NODES").orElseThrow().at("value").text())
			.isEqualTo("sentinel-0.sentinel.data.svc:26379,sentinel-1.sentinel.data.svc:26379,"
					+ "sentinel-2.sentinel.data.svc:26379");
		assertThat(
				env(container, "SPRING_SSL_BUNDLE_PEM_REDIS_TRUSTSTORE_CERTIFICATE").orElseThrow().at("value").text())
			.isEqualTo("file:/etc/ssegate/redis-tls/ca.crt");
		assertThat(manifests.one("Service").at("spec", "sessionAffinity").text()).isEqualTo("None");
	}

	private Manifests render(String preset, Map<String, Object> overrides) {
		return HelmChart.withPreset(preset, overrides, this.work).render();
	}

	private static YamlNode gatewayContainer(Manifests manifests) {
		return manifests.one("Deployment").at("spec", "template", "spec", "containers", 0);
	}

	private static Optional<YamlNode> env(YamlNode container, String name) {
		return container.at("env").items().stream().filter((env) -> env.at("name").text().equals(name)).findFirst();
	}

	private static long servicePort(Manifests manifests, String name) {
		return manifests.one("Service")
			.at("spec", "ports")
			.items()
			.stream()
			.filter((port) -> port.at("name").text().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("The Service has no port " + name))
			.at("port")
			.number();
	}

}
