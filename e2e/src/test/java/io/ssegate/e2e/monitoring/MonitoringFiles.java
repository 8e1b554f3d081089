package io.ssegate.e2e.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.ssegate.e2e.Repository;
import io.ssegate.e2e.YamlNode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring files of the Helm chart, read without Helm: the PrometheusRule template
 * and the Grafana dashboard, and the PromQL expressions they hold.
 */
final class MonitoringFiles {

	static final String PROMETHEUS_RULE = "deploy/helm/ssegate/templates/prometheusrule.yaml";

	static final String DASHBOARD_CONFIG_MAP = "deploy/helm/ssegate/templates/grafana-dashboard.yaml";

	static final String DASHBOARD = "deploy/helm/ssegate/files/grafana-dashboard.json";

	private static final Pattern TEMPLATE_COMMENT = Pattern.compile("(?s)\\{\\{-?\\s*/\\*.*?\\*/\\s*-?}}");

	private static final Pattern ACTION_LINE = Pattern.compile("(?m)^[ \\t]*\\{\\{.*}}[ \\t]*(?:\\r?\\n|$)");

	private static final Pattern ACTION = Pattern.compile("\\{\\{.*?}}");

	private MonitoringFiles() {
	}

	/**
	 * The PrometheusRule as YAML: the template without its comments and the lines that
	 * hold only an action ({@code if}, {@code include}, variables), and with every other
	 * action ({@code {{ .Values... }}}, {@code {{ $pod }}}) replaced by {@code 1}, a
	 * number where a threshold stands.
	 * @return the rule's document
	 */
	static YamlNode prometheusRule() {
		return YamlNode.parse(withoutActions(Repository.read(PROMETHEUS_RULE)), PROMETHEUS_RULE);
	}

	/**
	 * The alerting rules of the PrometheusRule, of every group.
	 * @return the rules
	 */
	static List<YamlNode> alertRules() {
		return prometheusRule().at("spec", "groups")
			.items()
			.stream()
			.flatMap((group) -> group.at("rules").items().stream())
			.toList();
	}

	/**
	 * The Grafana dashboard.
	 * @return its JSON
	 */
	static JsonNode dashboard() {
		return new JsonMapper().readTree(Repository.read(DASHBOARD));
	}

	/**
	 * The dashboard's panels, with those inside collapsed rows, rows included.
	 * @return the panels
	 */
	static List<JsonNode> panels() {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard().path("panels")) {
			panels.add(panel);
			panel.path("panels").forEach(panels::add);
		}
		return panels;
	}

	/**
	 * Every PromQL expression of the alert rules, the dashboard's panels and its template
	 * variables.
	 * @return the expressions, each with where it is
	 */
	static List<Expression> expressions() {
		List<Expression> expressions = new ArrayList<>();
		for (YamlNode rule : alertRules()) {
			String expr = rule.at("expr").text();
			expressions.add(new Expression("alert " + rule.at("alert").text(), expr, PromQlMetricNames.in(expr)));
		}
		for (JsonNode panel : panels()) {
			for (JsonNode target : panel.path("targets")) {
				String expr = target.path("expr").asString();
				expressions.add(new Expression(
						"panel '" + panel.path("title").asString() + "' target " + target.path("refId").asString(),
						expr, PromQlMetricNames.in(expr)));
			}
		}
		for (JsonNode variable : dashboard().path("templating").path("list")) {
			if ("query".equals(variable.path("type").asString())) {
				String query = variable.path("query").path("query").asString();
				expressions.add(new Expression("variable " + variable.path("name").asString(), query,
						PromQlMetricNames.inVariableQuery(query)));
			}
		}
		return expressions;
	}

	static String withoutActions(String template) {
		String text = TEMPLATE_COMMENT.matcher(template).replaceAll("");
		text = ACTION_LINE.matcher(text).replaceAll("");
		return ACTION.matcher(text).replaceAll("1");
	}

	/**
	 * A PromQL expression of the monitoring files.
	 *
	 * @param source where it is, for messages
	 * @param promQl the expression
	 * @param metricNames the metric names it reads
	 */
	record Expression(String source, String promQl, Set<String> metricNames) {

	}

}
