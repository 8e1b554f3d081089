package io.ssegate.e2e.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ssegate.e2e.Durations;
import io.ssegate.e2e.Repository;
import io.ssegate.e2e.YamlNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/kubernetes}: the kustomize base and the with-redis overlay. (No cluster
 * in CI: the manifests are checked, not applied.)
 */
class KubernetesManifestsTests {

	private static final String BASE = "deploy/kubernetes/base";

	private static final String OVERLAY = "deploy/kubernetes/overlays/with-redis";

	private static final String INGRESS_NGINX = "nginx.ingress.kubernetes.io/";

	private final List<YamlNode> base = resources(BASE);

	@Test
	void kustomizationsListOnlyFilesThatExist() {
		assertThat(this.base).isNotEmpty();
		YamlNode overlay = kustomization(OVERLAY);
		assertThat(overlay.at("resources").texts()).contains("../../base");
		for (YamlNode patch : overlay.at("patches").items()) {
			assertThat(Repository.file(OVERLAY + "/" + patch.at("path").text())).isRegularFile();
		}
		assertThat(resources(OVERLAY)).extracting(KubernetesManifestsTests::kindAndName)
			.contains("Deployment/ssegate-redis", "Service/ssegate-redis", "Namespace/ssegate");
	}

	@Test
	void deploymentRunsThreeReplicasProbedOnTheActuatorGroups() {
		YamlNode deployment = resource("Deployment", "ssegate-gateway");
		assertThat(deployment.at("spec", "replicas").number()).isEqualTo(3);
		YamlNode container = gatewayContainer();
		assertThat(container.at("readinessProbe", "httpGet", "path").text()).isEqualTo("/actuator/health/readiness");
		assertThat(container.at("livenessProbe", "httpGet", "path").text()).isEqualTo("/actuator/health/liveness");
		assertThat(container.at("readinessProbe", "httpGet", "port").text()).isEqualTo("http");
		assertThat(container.at("ports").items()).anySatisfy((port) -> {
			assertThat(port.at("name").text()).isEqualTo("http");
			assertThat(port.at("containerPort").number()).isEqualTo(8080);
		});
	}

	@Test
	void podOutlivesPreStopAndTheDrain() {
		YamlNode pod = resource("Deployment", "ssegate-gateway").at("spec", "template", "spec");
		List<String> preStop = gatewayContainer().at("lifecycle", "preStop", "exec", "command").texts();
		assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
		Duration preStopSleep = Duration.ofSeconds(Long.parseLong(preStop.get(1)));
		Duration drain = configMap().find("data", "SSEGATE_DRAIN_GRACE_PERIOD")
			.map((value) -> Durations.parse(value.text(), ChronoUnit.MILLIS))
			.orElseGet(() -> Repository.gatewayDefault("ssegate.drain.grace-period"));
		Duration terminationGrace = Duration.ofSeconds(pod.at("terminationGracePeriodSeconds").number());
		assertThat(terminationGrace).isGreaterThan(preStopSleep.plus(drain));
	}

	@Test
	void podRunsAsNonRootOnAReadOnlyFilesystemWithAWritableTmp() {
		YamlNode pod = resource("Deployment", "ssegate-gateway").at("spec", "template", "spec");
		assertThat(pod.at("securityContext", "runAsNonRoot").text()).isEqualTo("true");
		assertThat(pod.at("securityContext", "runAsUser").number()).isPositive();
		YamlNode container = gatewayContainer();
		assertThat(container.at("securityContext", "readOnlyRootFilesystem").text()).isEqualTo("true");
		assertThat(container.at("securityContext", "allowPrivilegeEscalation").text()).isEqualTo("false");
		YamlNode tmp = container.at("volumeMounts")
			.items()
			.stream()
			.filter((mount) -> mount.at("mountPath").text().equals("/tmp"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No writable /tmp (Jetty needs one)"));
		String volume = tmp.at("name").text();
		assertThat(pod.at("volumes").items())
			.anySatisfy((candidate) -> assertThat(candidate.at("name").text()).isEqualTo(volume))
			.filteredOn((candidate) -> candidate.at("name").text().equals(volume))
			.allSatisfy((candidate) -> assertThat(candidate.has("emptyDir")).isTrue());
	}

	@Test
	void settingsComeFromTheConfigMapAndTheSecret() {
		List<String> sources = gatewayContainer().at("envFrom")
			.items()
			.stream()
			.map((source) -> source.find("configMapRef", "name")
				.map((name) -> "ConfigMap/" + name.text())
				.orElseGet(() -> "Secret/" + source.at("secretRef", "name").text()))
			.toList();
		assertThat(this.base).extracting(KubernetesManifestsTests::kindAndName).containsAll(sources);
		assertThat(sources).contains("ConfigMap/ssegate-gateway", "Secret/ssegate-gateway");
		assertThat(resource("Secret", "ssegate-gateway").at("stringData").entries())
			.containsKey("SPRING_DATA_REDIS_URL");
	}

	@Test
	void ingressPassesEventsOnAtOnceAndHoldsIdleStreamsOpen() {
		Map<String, YamlNode> annotations = resource("Ingress", "ssegate-gateway").at("metadata", "annotations")
			.entries();
		assertThat(annotations.get(INGRESS_NGINX + "proxy-buffering").text()).isEqualTo("off");
		Duration heartbeat = configMap().find("data", "SSEGATE_STREAM_HEARTBEAT_INTERVAL")
			.map((value) -> Durations.parse(value.text(), ChronoUnit.MILLIS))
			.orElseGet(() -> Repository.gatewayDefault("ssegate.stream.heartbeat-interval"));
		for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
			Duration value = Durations.parse(annotations.get(INGRESS_NGINX + timeout).text(), ChronoUnit.SECONDS);
			assertThat(value).as(timeout).isGreaterThanOrEqualTo(Duration.ofSeconds(3600));
			assertThat(value).as(timeout).isGreaterThanOrEqualTo(heartbeat.multipliedBy(2));
		}
		assertThat(annotations.keySet()).as("no sticky sessions")
			.noneMatch((name) -> name.startsWith(INGRESS_NGINX + "affinity")
					|| name.startsWith(INGRESS_NGINX + "session-cookie")
					|| name.equals(INGRESS_NGINX + "upstream-hash-by"));
	}

	@Test
	void ingressAndServiceReachTheGatewayPodsWithoutAffinity() {
		YamlNode service = resource("Service", "ssegate-gateway");
		assertThat(service.find("spec", "sessionAffinity").map(YamlNode::text))
			.hasValueSatisfying((affinity) -> assertThat(affinity).isEqualTo("None"));
		assertThat(service.at("spec", "selector").entries())
			.allSatisfy((label, value) -> assertThat(podLabels().get(label).text()).isEqualTo(value.text()));
		YamlNode ingress = resource("Ingress", "ssegate-gateway").at("spec");
		assertThat(ingress.at("ingressClassName").text()).isEqualTo("nginx");
		YamlNode backend = ingress.at("rules", 0, "http", "paths", 0, "backend", "service");
		assertThat(backend.at("name").text()).isEqualTo("ssegate-gateway");
		assertThat(service.at("spec", "ports").items())
			.anySatisfy((port) -> assertThat(port.at("name").text()).isEqualTo(backend.at("port", "name").text()));
	}

	@Test
	void disruptionBudgetAndAutoscalerKeepSeveralNodes() {
		YamlNode budget = resource("PodDisruptionBudget", "ssegate-gateway").at("spec");
		assertThat(budget.at("maxUnavailable").number()).isEqualTo(1);
		assertThat(budget.at("selector", "matchLabels").entries())
			.allSatisfy((label, value) -> assertThat(podLabels().get(label).text()).isEqualTo(value.text()));
		YamlNode autoscaler = resource("HorizontalPodAutoscaler", "ssegate-gateway").at("spec");
		assertThat(autoscaler.at("scaleTargetRef", "kind").text()).isEqualTo("Deployment");
		assertThat(autoscaler.at("scaleTargetRef", "name").text()).isEqualTo("ssegate-gateway");
		assertThat(autoscaler.at("minReplicas").number()).isEqualTo(3);
		assertThat(autoscaler.at("maxReplicas").number()).isGreaterThan(3);
	}

	@Test
	void trialOverlayPointsTheGatewayAtItsOwnRedis() {
		YamlNode secretPatch = patches(OVERLAY).stream()
			.filter((patch) -> kindAndName(patch).equals("Secret/ssegate-gateway"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("The overlay does not patch the gateway's Secret"));
		YamlNode redisService = resources(OVERLAY).stream()
			.filter((resource) -> kindAndName(resource).equals("Service/ssegate-redis"))
			.findFirst()
			.orElseThrow();
		long port = redisService.at("spec", "ports", 0, "port").number();
		assertThat(secretPatch.at("stringData", "SPRING_DATA_REDIS_URL").text())
			.isEqualTo("redis://ssegate-redis:" + port);
	}

	private YamlNode gatewayContainer() {
		return resource("Deployment", "ssegate-gateway").at("spec", "template", "spec", "containers", 0);
	}

	private Map<String, YamlNode> podLabels() {
		return resource("Deployment", "ssegate-gateway").at("spec", "template", "metadata", "labels").entries();
	}

	private YamlNode configMap() {
		return resource("ConfigMap", "ssegate-gateway");
	}

	private YamlNode resource(String kind, String name) {
		List<YamlNode> found = this.base.stream()
			.filter((resource) -> kindAndName(resource).equals(kind + "/" + name))
			.toList();
		assertThat(found).as(kind + "/" + name + " in " + BASE).hasSize(1);
		return found.get(0);
	}

	private static String kindAndName(YamlNode resource) {
		return resource.at("kind").text() + "/" + resource.at("metadata", "name").text();
	}

	private static YamlNode kustomization(String directory) {
		return YamlNode.load(Repository.file(directory + "/kustomization.yaml"));
	}

	private static List<YamlNode> patches(String directory) {
		return kustomization(directory).at("patches")
			.items()
			.stream()
			.flatMap((patch) -> YamlNode.loadAll(Repository.file(directory + "/" + patch.at("path").text())).stream())
			.toList();
	}

	/**
	 * Every manifest of a kustomization: its resources and patches, following directories
	 * (other kustomizations).
	 */
	private static List<YamlNode> resources(String directory) {
		YamlNode kustomization = kustomization(directory);
		List<YamlNode> resources = new ArrayList<>();
		List<String> files = new ArrayList<>(kustomization.at("resources").texts());
		kustomization.find("patches")
			.ifPresent((patches) -> patches.items().forEach((patch) -> files.add(patch.at("path").text())));
		for (String entry : files) {
			Path path = Repository.file(directory + "/" + entry).normalize();
			if (Files.isDirectory(path)) {
				resources.addAll(resources(Repository.root().relativize(path).toString()));
			}
			else {
				resources.addAll(YamlNode.loadAll(path));
			}
		}
		return resources;
	}

}
