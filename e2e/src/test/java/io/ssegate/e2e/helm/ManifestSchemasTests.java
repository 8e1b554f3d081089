package io.ssegate.e2e.helm;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ManifestSchemas} on the kinds the chart's presets do not render here (the
 * PrometheusRule and the dashboard's ConfigMap), and on a kind it does not know.
 */
class ManifestSchemasTests {

	private static final String PROMETHEUS_RULE = """
			apiVersion: monitoring.coreos.com/v1
			kind: PrometheusRule
			metadata:
			  name: ssegate
			spec:
			  groups:
			    - name: ssegate
			      rules:
			        - alert: SsegateStreamsRefused
			          expr: sum(rate(ssegate_streams_refused_total[5m])) > 1
			          for: 10m
			          labels:
			            severity: warning
			""";

	private static final String CONFIG_MAP = """
			apiVersion: v1
			kind: ConfigMap
			metadata:
			  name: ssegate-dashboard
			  labels:
			    grafana_dashboard: "1"
			data:
			  ssegate.json: "{}"
			""";

	@Test
	void prometheusRuleFitsOrFailsOnAnUnknownField() {
		assertThatCode(() -> ManifestSchemas.validate(parse(PROMETHEUS_RULE))).doesNotThrowAnyException();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ManifestSchemas.validate(parse(PROMETHEUS_RULE.replace("for: 10m", "duration: 10m"))))
			.withMessageContaining("duration");
	}

	@Test
	void configMapFitsOrFailsOnAnUnknownField() {
		assertThatCode(() -> ManifestSchemas.validate(parse(CONFIG_MAP))).doesNotThrowAnyException();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ManifestSchemas.validate(parse(CONFIG_MAP.replace("data:", "files:"))))
			.withMessageContaining("files");
	}

	@Test
	void unknownKindFails() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ManifestSchemas.validate(parse(CONFIG_MAP.replace("kind: ConfigMap", "kind: Secret"))))
			.withMessageContaining("No schema for v1 Secret");
	}

	private static Map<String, Object> parse(String yaml) {
		return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
	}

}
