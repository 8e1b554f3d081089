package io.ssegate.e2e.helm;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A KEDA {@code keda.sh/v1alpha1} ScaledObject, field for field as KEDA 2.x defines it
 * (https://keda.sh/docs/latest/reference/scaledobject-spec/), for want of a published
 * Java model: read with unknown properties refused, it makes a misspelt or invented field
 * fail the way the Kubernetes models do.
 *
 * @param apiVersion {@code keda.sh/v1alpha1}
 * @param kind {@code ScaledObject}
 * @param metadata checked as a Kubernetes ObjectMeta
 * @param spec the spec
 */
record KedaScaledObject(String apiVersion, String kind, Map<String, Object> metadata, Spec spec) {

	KedaScaledObject {
		Objects.requireNonNull(metadata, "metadata");
		Objects.requireNonNull(spec, "spec");
	}

	record Spec(ScaleTargetRef scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod,
			Integer initialCooldownPeriod, Integer idleReplicaCount, Integer minReplicaCount, Integer maxReplicaCount,
			Fallback fallback, Advanced advanced, List<Trigger> triggers) {

		Spec {
			Objects.requireNonNull(scaleTargetRef, "spec.scaleTargetRef");
			if (triggers == null || triggers.isEmpty()) {
				throw new IllegalArgumentException("spec.triggers: at least one trigger is required");
			}
		}

	}

	record ScaleTargetRef(String apiVersion, String kind, String name, String envSourceContainerName) {

		ScaleTargetRef {
			Objects.requireNonNull(name, "spec.scaleTargetRef.name");
		}

	}

	/**
	 * {@code behavior}: static, currentReplicas, currentReplicasIfHigher or
	 * currentReplicasIfLower.
	 */
	record Fallback(Integer failureThreshold, Integer replicas, String behavior) {
	}

	record Advanced(Boolean restoreToOriginalReplicaCount, HorizontalPodAutoscalerConfig horizontalPodAutoscalerConfig,
			ScalingModifiers scalingModifiers) {
	}

	record HorizontalPodAutoscalerConfig(String name, Map<String, Object> behavior) {
	}

	record ScalingModifiers(String target, String activationTarget, String metricType, String formula) {
	}

	record Trigger(String type, String name, Boolean useCachedMetrics, String metricType, Map<String, String> metadata,
			AuthenticationRef authenticationRef) {

		/**
		 * The metadata of the Prometheus scaler
		 * (https://keda.sh/docs/latest/scalers/prometheus/).
		 */
		private static final Set<String> PROMETHEUS_METADATA = Set.of("serverAddress", "query", "threshold",
				"activationThreshold", "namespace", "customHeaders", "ignoreNullValues", "queryParameters", "unsafeSsl",
				"timeout", "authModes");

		Trigger {
			Objects.requireNonNull(type, "spec.triggers[].type");
			Objects.requireNonNull(metadata, "spec.triggers[].metadata");
			if (type.equals("prometheus")) {
				for (String key : metadata.keySet()) {
					if (!PROMETHEUS_METADATA.contains(key)) {
						throw new IllegalArgumentException("Unknown metadata of the prometheus scaler: " + key);
					}
				}
				for (String key : List.of("serverAddress", "query", "threshold")) {
					Objects.requireNonNull(metadata.get(key), "spec.triggers[].metadata." + key);
				}
			}
		}

	}

	record AuthenticationRef(String name, String kind) {
	}

}
