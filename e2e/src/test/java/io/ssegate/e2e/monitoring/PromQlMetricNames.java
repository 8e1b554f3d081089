package io.ssegate.e2e.monitoring;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Not a PromQL parser: it removes what is not
 * a metric name (strings, label matchers, ranges and subqueries, grouping clauses such as
 * {@code by (pod)}, numbers and durations) and keeps the identifiers that are neither a
 * function or aggregation (followed by {@code (}) nor a keyword. Enough for the
 * expressions of a dashboard and of alert rules; see
 * <a href="https://prometheus.io/docs/prometheus/latest/querying/basics/">Querying
 * basics</a> and
 * <a href="https://prometheus.io/docs/prometheus/latest/querying/operators/">
 * Operators</a>.
 */
final class PromQlMetricNames {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

	private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^{}]*}");

	private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*]");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");

	/**
	 * An identifier that does not continue a number ({@code 1e3}, {@code 5m}) or a
	 * variable.
	 */
	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][\\w:]*");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan",
			"by", "without", "on", "ignoring", "group_left", "group_right", "start", "end");

	/**
	 * Grafana's {@code label_values(metric{...}, label)}: only its first argument is
	 * PromQL.
	 */
	private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$");

	private PromQlMetricNames() {
	}

	/**
	 * The metric names in an expression.
	 * @param expression a PromQL expression
	 * @return the names, in the order they appear
	 */
	static Set<String> in(String expression) {
		String text = STRING.matcher(expression).replaceAll(" ");
		text = LABEL_MATCHERS.matcher(text).replaceAll(" ");
		text = RANGE.matcher(text).replaceAll(" ");
		text = GROUPING.matcher(text).replaceAll(" ");
		Set<String> names = new LinkedHashSet<>();
		Matcher identifier = IDENTIFIER.matcher(text);
		while (identifier.find()) {
			String name = identifier.group();
			if (!KEYWORDS.contains(name) && !isCalled(text, identifier.end())) {
				names.add(name);
			}
		}
		return names;
	}

	/**
	 * The metric names in the query of a Grafana template variable: a
	 * {@code label_values(...)} query or a PromQL expression.
	 * @param query the variable's query
	 * @return the names
	 */
	static Set<String> inVariableQuery(String query) {
		Matcher labelValues = LABEL_VALUES.matcher(query);
		return in(labelValues.matches() ? labelValues.group(1) : query);
	}

	private static boolean isCalled(String text, int end) {
		int next = end;
		while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
			next++;
		}
		return next < text.length() && text.charAt(next) == '(';
	}

}
