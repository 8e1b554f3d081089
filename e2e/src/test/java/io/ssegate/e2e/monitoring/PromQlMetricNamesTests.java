package io.ssegate.e2e.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlMetricNamesTests {

	@Test
	void aggregationOfARateNamesItsCounter() {
		assertThat(PromQlMetricNames
			.in("sum by (pod, reason) (rate(ssegate_streams_rejected_total{namespace=\"$namespace\", pod=~\"$pod\"}"
					+ "[$__rate_interval]))"))
			.containsExactly("ssegate_streams_rejected_total");
	}

	@Test
	void histogramQuantileNamesTheBucketsNotTheQuantileOrTheLeLabel() {
		assertThat(PromQlMetricNames
			.in("histogram_quantile(0.99, sum(rate(ssegate_publish_requests_seconds_bucket{a=\"b\"}[5m])) by (le))"))
			.containsExactly("ssegate_publish_requests_seconds_bucket");
	}

	@Test
	void ratioNamesBothSidesAndIgnoresNumbersDurationsAndKeywords() {
		assertThat(PromQlMetricNames.in("""
				sum(rate(a_total{status=~"5.."}[5m] offset 1h)) / on(service) group_left(pod)
				sum(rate(b_seconds_count[1m:30s])) > 1e+06 and ignoring(x) c unless bool d or absent(e == 1)"""))
			.containsExactly("a_total", "b_seconds_count", "c", "d", "e");
	}

	@Test
	void stringsMayHoldBracesAndParentheses() {
		assertThat(PromQlMetricNames.in("label_replace(up{job=\"x\"}, \"to\", \"$1 (}{\", \"from\", \"(.*)\")"))
			.containsExactly("up");
	}

	@Test
	void metricNameMayBeAnyIdentifierWithColons() {
		assertThat(PromQlMetricNames.in("job:ssegate_streams:sum - ssegate_streams_active"))
			.containsExactly("job:ssegate_streams:sum", "ssegate_streams_active");
	}

	@Test
	void labelValuesQueryNamesItsMetricNotItsLabel() {
		assertThat(PromQlMetricNames
			.inVariableQuery("label_values(ssegate_streams_active{namespace=\"$namespace\"}, pod)"))
			.containsExactly("ssegate_streams_active");
	}

}
