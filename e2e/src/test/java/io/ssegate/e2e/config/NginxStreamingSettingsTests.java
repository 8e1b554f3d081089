package io.ssegate.e2e.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.ssegate.e2e.Durations;
import io.ssegate.e2e.Repository;
import io.ssegate.e2e.config.NginxConfig.Directive;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings of {@code deploy/nginx/ssegate.conf} that streaming depends on. nginx
 * buffers proxied responses and closes idle ones after 60 seconds by default: either
 * would hold or cut every stream.
 */
class NginxStreamingSettingsTests {

	private static final String SHARED = "deploy/nginx/ssegate.conf";

	private final Directive config = NginxConfig.parse(Repository.file(SHARED));

	@Test
	void sseLocationServesTheGatewayStreamEndpoint() {
		assertThat("/sse/register").startsWith(sseLocation().arg());
		assertThat(sseLocation().effective("proxy_pass")).get()
			.extracting(Directive::arg)
			.isEqualTo("http://" + upstream().arg());
	}

	@Test
	void sseLocationPassesEveryEventOnAtOnce() {
		assertThat(setting(sseLocation(), "proxy_buffering")).isEqualTo("off");
		assertThat(setting(sseLocation(), "proxy_cache")).isEqualTo("off");
		assertThat(setting(sseLocation(), "gzip")).isEqualTo("off");
	}

	@Test
	void everyProxiedLocationSpeaksHttp11WithoutConnectionClose() {
		List<Directive> proxied = this.config.blocks("server")
			.get(0)
			.all("location")
			.stream()
			.filter((location) -> location.effective("proxy_pass").isPresent())
			.toList();
		assertThat(proxied).contains(sseLocation());
		for (Directive location : proxied) {
			assertThat(setting(location, "proxy_http_version")).as(location.toString()).isEqualTo("1.1");
			assertThat(location.effectiveAll("proxy_set_header")).as(location.toString())
				.extracting(Directive::args)
				.contains(List.of("Connection", ""));
		}
	}

	@Test
	void sseTimeoutsStayFarAboveTheHeartbeat() {
		Duration heartbeat = Repository.gatewayDefault("ssegate.stream.heartbeat-interval");
		for (String timeout : List.of("proxy_read_timeout", "proxy_send_timeout")) {
			Duration value = Durations.parse(setting(sseLocation(), timeout), ChronoUnit.SECONDS);
			assertThat(value).as(timeout).isGreaterThanOrEqualTo(heartbeat.multipliedBy(2));
			assertThat(value).as(timeout).isGreaterThanOrEqualTo(Duration.ofHours(1));
		}
	}

	@Test
	void upstreamBalancesRoundRobinWithoutStickySessions() {
		for (String balancing : List.of("ip_hash", "hash", "sticky", "least_conn", "random", "least_time")) {
			assertThat(upstream().all(balancing)).as(balancing).isEmpty();
		}
		assertThat(upstream().all("keepalive")).hasSize(1);
		assertThat(upstream().all("zone")).hasSize(1);
	}

	@Test
	void aReconnectThatReachesADeadOrDrainingNodeIsRetriedOnAnother() {
		assertThat(sseLocation().effective("proxy_next_upstream").orElseThrow().args()).contains("error", "timeout",
				"http_503");
		assertThat(Durations.parse(setting(sseLocation(), "proxy_connect_timeout"), ChronoUnit.SECONDS))
			.isLessThanOrEqualTo(Duration.ofSeconds(5));
		assertThat(Integer.parseInt(setting(sseLocation(), "proxy_next_upstream_tries"))).isGreaterThanOrEqualTo(2);
	}

	@Test
	void noNodeIsTakenOutOfTheRotationByAFailedRequest() {
		List<Directive> composeServers = NginxConfig.parse(Repository.file("deploy/nginx/compose/gateways.conf"))
			.all("server");
		assertThat(composeServers).isNotEmpty()
			.allSatisfy((server) -> assertThat(server.args()).as(server.toString()).contains("max_fails=0"));
		// cluster.sh writes its servers' lines itself.
		assertThat(Repository.read("deploy/local/cluster.sh")).contains("max_fails=0;")
			.doesNotContainPattern("max_fails=[1-9]");
	}

	@Test
	void anEventSourceThatReachesNoNodeIsToldToReconnect() {
		assertThat(sseLocation().all("error_page")).extracting(Directive::args)
			.containsExactly(List.of("502", "504", "=", "@stream_unreachable"));
		Directive fallback = this.config.block("location", "@stream_unreachable");
		assertThat(setting(fallback, "default_type")).isEqualTo("text/event-stream");
		Directive eventSource = fallback.all("if").get(0);
		assertThat(String.join(" ", eventSource.args())).contains("$http_accept", "text/event-stream");
		assertThat(eventSource.all("return").get(0).args()).first().isEqualTo("200");
		assertThat(eventSource.all("return").get(0).args().get(1)).contains("retry: ");
		assertThat(eventSource.all("add_header")).extracting(Directive::args)
			.contains(List.of("Cache-Control", "no-cache, no-transform", "always"));
	}

	@Test
	void onlyTheAddressesAreLeftToEachEnvironment() {
		assertThat(upstream().all("include")).extracting(Directive::arg).containsExactly("ssegate/gateways.conf");
		assertThat(this.config.block("server").all("include")).extracting(Directive::arg)
			.containsExactly("ssegate/listen.conf");
		assertThat(this.config.block("server").all("listen")).isEmpty();
		assertThat(NginxConfig.parse(Repository.file("deploy/nginx/compose/gateways.conf")).children())
			.extracting(Directive::name)
			.containsOnly("server", "resolver");
		assertThat(NginxConfig.parse(Repository.file("deploy/nginx/compose/listen.conf")).children())
			.extracting(Directive::name)
			.containsExactly("listen");
		assertThat(Repository.read("deploy/local/cluster.sh")).contains("/deploy/nginx/ssegate.conf");
	}

	@Test
	void nodeActuatorsAreNotServedToThePublic() {
		assertThat(this.config.block("location", "/actuator").all("return")).extracting(Directive::args)
			.containsExactly(List.of("404"));
	}

	private Directive sseLocation() {
		return this.config.block("location", "/sse/");
	}

	private Directive upstream() {
		List<Directive> upstreams = this.config.all("upstream");
		assertThat(upstreams).hasSize(1);
		return upstreams.get(0);
	}

	private static String setting(Directive location, String name) {
		return location.effective(name)
			.orElseThrow(() -> new AssertionError(name + " is not set for " + location + " in " + SHARED))
			.arg();
	}

}
