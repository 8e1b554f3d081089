package io.ssegate.e2e.helm;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code deploy/helm/ssegate}: every preset lints and renders objects that fit their
 * schemas exactly, and values that cannot work are refused with a message that says why.
 */
class HelmChartTests {

	@TempDir
	Path work;

	static Stream<Arguments> presets() {
		return Stream.of(
				Arguments.of("standalone-httproute", Map.of(),
						List.of("ServiceAccount", "Service", "Deployment", "HorizontalPodAutoscaler", "HTTPRoute",
								"PodDisruptionBudget")),
				Arguments.of("sentinel-ingress", Map.of("ingress.controller", "f5-nginx"),
						List.of("Ingress", "HorizontalPodAutoscaler")),
				Arguments.of("sentinel-ingress", Map.of("ingress.controller", "traefik"), List.of("Ingress")),
				Arguments.of("sentinel-ingress", Map.of("ingress.controller", "haproxy"), List.of("Ingress")),
				Arguments.of("sentinel-ingress", Map.of("ingress.controller", "contour"), List.of("Ingress")),
				Arguments.of("sentinel-ingress", Map.of("ingress.controller", "none"), List.of("Ingress")),
				Arguments.of("cluster-keda-networkpolicy-monitoring", Map.of(),
						List.of("ScaledObject", "NetworkPolicy", "ServiceMonitor")),
				Arguments.of("embedded-single-replica", Map.of(), List.of("Deployment", "Service")));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("presets")
	void presetLintsAndRendersObjectsThatFitTheirSchemas(String preset, Map<String, Object> overrides,
			List<String> kinds) {
		HelmChart chart = HelmChart.withPreset(preset, overrides, this.work);
		LintResult lint = chart.lint();
		assertThat(lint.isFailed()).as("helm lint: %s", lint.getMessages()).isFalse();
		Manifests manifests = chart.render();
		assertThat(manifests.kinds()).containsAll(kinds);
		manifests.objects().forEach(ManifestSchemas::validate);
	}

	@Test
	void anIdentityProviderIsATokenKeyOfItsOwn() {
		Manifests manifests = HelmChart
			.withPreset("standalone-httproute",
					Map.of("security.hmac.existingSecret", "", "security.identityProvider.issuerUri",
							"https://keycloak.example.com/realms/acme", "security.claims.tasks", "ssegate_tasks"),
					this.work)
			.render();
		Map<String, String> env = manifests.one("Deployment")
			.at("spec", "template", "spec", "containers", 0, "env")
			.items()
			.stream()
			.filter((variable) -> variable.has("value"))
			.collect(Collectors.toMap((variable) -> variable.at("name").text(),
					(variable) -> variable.at("value").text()));
		assertThat(env).containsEntry("SSEGATE_SECURITY_ISSUER_URI", "https://keycloak.example.com/realms/acme")
			.containsEntry("SSEGATE_SECURITY_CLAIMS_TASKS", "ssegate_tasks")
			.containsEntry("SSEGATE_SECURITY_AUDIENCE", "ssegate")
			.doesNotContainKeys("SSEGATE_SECURITY_HMAC_SECRET", "SSEGATE_SECURITY_JWK_SET_URI");
	}

	@Test
	void embeddedPresetRendersNeitherAutoscalerNorDisruptionBudget() {
		Manifests manifests = HelmChart.withPreset("embedded-single-replica", Map.of(), this.work).render();
		assertThat(manifests.kinds()).doesNotContain("HorizontalPodAutoscaler", "ScaledObject", "PodDisruptionBudget");
		assertThat(manifests.one("Deployment").at("spec", "replicas").number()).isEqualTo(1);
	}

	static Stream<Arguments> refusals() {
		return Stream.of(
				Arguments.of("an unknown key", Map.of("ingress.timeout", "30s"), "additional properties 'timeout'"),
				Arguments.of("an unknown top-level key", Map.of("replicas", 3), "additional properties 'replicas'"),
				Arguments.of("a broker mode that does not exist", Map.of("broker.mode", "redis"), "broker/mode"),
				Arguments.of("embedded with three replicas", Map.of("broker.mode", "embedded"),
						"broker.mode=embedded keeps events in one pod"),
				Arguments.of("no token key", Map.of("security.hmac.existingSecret", ""), "no token key"),
				Arguments.of("two sources of an identity provider's keys",
						Map.of("security.identityProvider.issuerUri", "https://idp.example.com/realms/acme",
								"security.identityProvider.jwkSetUri", "https://idp.example.com/keys"),
						"set issuerUri or jwkSetUri, not both"),
				Arguments.of("both autoscalers",
						Map.of("keda.enabled", true, "keda.prometheusServerAddress", "http://prometheus:9090"),
						"autoscaling.enabled and keda.enabled are both true"),
				Arguments.of("standalone without a URL", Map.of("broker.standalone.url", ""),
						"broker.mode=standalone needs broker.standalone.url"),
				Arguments.of("sentinel without nodes", Map.of("broker.mode", "sentinel", "broker.sentinel.master", "m"),
						"broker.mode=sentinel needs broker.sentinel.master and broker.sentinel.nodes"),
				Arguments.of("cluster without nodes", Map.of("broker.mode", "cluster"),
						"broker.mode=cluster needs broker.cluster.nodes"),
				Arguments.of("a password in the URL", Map.of("broker.standalone.url", "redis://:secret@redis:6379"),
						"broker/standalone/url"),
				Arguments.of("a NetworkPolicy open to everyone", Map.of("networkPolicy.enabled", true),
						"networkPolicy.enabled needs networkPolicy.proxyNamespaceSelector"),
				Arguments.of("tracing without an endpoint", Map.of("tracing.enabled", true),
						"tracing.enabled needs tracing.otlpEndpoint"),
				Arguments.of(
						"a sampling probability above 1", Map.of("tracing.samplingProbability", 2,
								"tracing.otlpEndpoint", "http://collector:4318/v1/traces"),
						"tracing/samplingProbability"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusals")
	void valuesThatCannotWorkAreRefused(String description, Map<String, Object> overrides, String message) {
		HelmChart chart = HelmChart.withPreset("standalone-httproute", overrides, this.work);
		assertThatException().isThrownBy(chart::render).withMessageContaining(message);
	}

}
