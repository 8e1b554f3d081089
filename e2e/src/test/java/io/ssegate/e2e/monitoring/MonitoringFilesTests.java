package io.ssegate.e2e.monitoring;

import java.util.List;

import io.ssegate.e2e.Repository;
import io.ssegate.e2e.YamlNode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's PrometheusRule template and Grafana dashboard, read without Helm (no
 * cluster, no helm binary in CI). That their metrics exist is
 * MonitoringMetricsIntegrationTests'.
 */
class MonitoringFilesTests {

	private static final String THRESHOLDS = ".Values.monitoring.prometheusRule.thresholds.";

	@Test
	void prometheusRuleIsRenderedOnlyWhenEnabledWithTheValuesLabels() {
		String template = Repository.read(MonitoringFiles.PROMETHEUS_RULE);
		assertThat(template).contains("{{- if .Values.monitoring.prometheusRule.enabled }}",
				".Values.monitoring.prometheusRule.labels", "include \"ssegate.labels\"",
				"include \"ssegate.fullname\"", "namespace: {{ .Release.Namespace }}");
		YamlNode rule = MonitoringFiles.prometheusRule();
		assertThat(rule.at("apiVersion").text()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(rule.at("kind").text()).isEqualTo("PrometheusRule");
	}

	@Test
	void everyAlertWaitsHasASeverityAndSaysWhatToLookAt() {
		List<YamlNode> rules = MonitoringFiles.alertRules();
		assertThat(rules).extracting((rule) -> rule.at("alert").text())
			.containsExactly("SsegateNoReadyPod", "SsegateBrokerUnavailable", "SsegateStreamsRefused",
					"SsegateSlowClientDisconnects", "SsegateRedisResubscriptionBurst", "SsegatePublishErrors");
		assertThat(rules).allSatisfy((rule) -> {
			assertThat(rule.at("for").text()).matches("\\d+[smh]");
			assertThat(rule.at("labels", "severity").text()).isIn("warning", "critical");
			assertThat(rule.at("annotations", "summary").text()).isNotBlank();
			assertThat(rule.at("annotations", "description").text()).contains("Look at:");
			assertThat(rule.at("expr").text()).as("selects this release's pods")
				.contains("namespace=\"1\", service=\"1\"");
		});
	}

	@Test
	void thresholdsComeFromTheValues() {
		String template = Repository.read(MonitoringFiles.PROMETHEUS_RULE);
		assertThat(template).contains("$thresholds := .Values.monitoring.prometheusRule.thresholds");
		for (String threshold : List.of("refusedStreamsPerSecond", "slowDisconnectsPerSecond", "resubscriptionsPer5m",
				"publishErrorRatio")) {
			assertThat(template).as(THRESHOLDS + threshold).contains("> {{ $thresholds." + threshold + " }}");
		}
	}

	@Test
	void dashboardConfigMapHoldsTheDashboardFileForTheSidecar() {
		assertThat(Repository.read(MonitoringFiles.DASHBOARD_CONFIG_MAP)).contains(
				"{{- if .Values.monitoring.dashboard.enabled }}", "kind: ConfigMap",
				"with .Values.monitoring.dashboard.labels", "with .Values.monitoring.dashboard.annotations",
				".Files.Get \"files/grafana-dashboard.json\"");
	}

	@Test
	void dashboardHasTheDataSourceNamespaceAndPodVariables() {
		JsonNode dashboard = MonitoringFiles.dashboard();
		assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
		JsonNode variables = dashboard.path("templating").path("list");
		assertThat(variables.get(0).path("name").asString()).isEqualTo("datasource");
		assertThat(variables.get(0).path("type").asString()).isEqualTo("datasource");
		assertThat(variables.get(0).path("query").asString()).isEqualTo("prometheus");
		assertThat(variables).extracting((variable) -> variable.path("name").asString())
			.containsExactly("datasource", "namespace", "pod");
	}

	@Test
	void everyPanelHasATargetOnTheChosenDataSourceAndRoomIsLeftForTracing() {
		List<JsonNode> panels = MonitoringFiles.panels();
		List<JsonNode> graphs = panels.stream()
			.filter((panel) -> !"row".equals(panel.path("type").asString()))
			.toList();
		assertThat(graphs).extracting((panel) -> panel.path("title").asString())
			.contains("Streams per pod", "Connects/s", "Deliveries/s", "Publish latency p99", "Refusals by reason",
					"Redis resubscriptions and mismatches", "Slow-client drops", "Heap", "GC", "Threads");
		assertThat(graphs).allSatisfy((panel) -> {
			assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
			assertThat(panel.path("targets").isEmpty()).as("%s has no target", panel.path("title")).isFalse();
			panel.path("targets").forEach((target) -> assertThat(target.path("expr").asString()).isNotBlank());
		});
		assertThat(panels).anySatisfy((panel) -> {
			assertThat(panel.path("type").asString()).isEqualTo("row");
			assertThat(panel.path("title").asString()).contains("Tracing");
		});
	}

}
