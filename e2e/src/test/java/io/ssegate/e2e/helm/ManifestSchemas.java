package io.ssegate.e2e.helm;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscalerBehavior;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a rendered object strictly against the schema of its kind: a field the kind does
 * not have, or a required field that is missing, fails.
 * <ul>
 * <li>Kubernetes' own kinds: the OpenAPI-generated models of the Kubernetes Java client,
 * whose {@code validateJsonElement} refuses unknown and missing required fields, all the
 * way down.</li>
 * <li>Gateway API and Prometheus Operator kinds: the fabric8 models, read by a Jackson
 * mapper from which every {@code @JsonAnySetter} is removed, so that a field that would
 * otherwise land in {@code additionalProperties} fails as unknown.</li>
 * <li>KEDA's ScaledObject: {@link KedaScaledObject}, for want of a published model.</li>
 * </ul>
 */
final class ManifestSchemas {

	private static final Gson GSON = new Gson();

	private static final ObjectMapper FABRIC8 = new ObjectMapper()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.registerModule(new SimpleModule().setDeserializerModifier(new WithoutAnySetter()));

	private static final JsonMapper KEDA = JsonMapper.builder()
		.enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final Map<String, Schema> SCHEMAS = Map.ofEntries(
			kubernetes("apps/v1", "Deployment", V1Deployment::validateJsonElement),
			kubernetes("v1", "Service", V1Service::validateJsonElement),
			kubernetes("v1", "ServiceAccount", V1ServiceAccount::validateJsonElement),
			kubernetes("v1", "ConfigMap", V1ConfigMap::validateJsonElement),
			kubernetes("networking.k8s.io/v1", "Ingress", V1Ingress::validateJsonElement),
			kubernetes("networking.k8s.io/v1", "NetworkPolicy", V1NetworkPolicy::validateJsonElement),
			kubernetes("policy/v1", "PodDisruptionBudget", V1PodDisruptionBudget::validateJsonElement),
			kubernetes("autoscaling/v2", "HorizontalPodAutoscaler", V2HorizontalPodAutoscaler::validateJsonElement),
			fabric8("gateway.networking.k8s.io/v1", "HTTPRoute", HTTPRoute.class),
			fabric8("monitoring.coreos.com/v1", "ServiceMonitor", ServiceMonitor.class),
			fabric8("monitoring.coreos.com/v1", "PrometheusRule", PrometheusRule.class),
			Map.entry("keda.sh/v1alpha1 ScaledObject", ManifestSchemas::validateScaledObject));

	private ManifestSchemas() {
	}

	/**
	 * Check an object against the schema of its apiVersion and kind.
	 * @param object the object, as parsed from YAML
	 * @throws AssertionError if the kind is unknown here or the object does not fit it
	 */
	static void validate(Map<String, Object> object) {
		String type = object.get("apiVersion") + " " + object.get("kind");
		Schema schema = SCHEMAS.get(type);
		if (schema == null) {
			throw new AssertionError("No schema for " + type + ": add one to ManifestSchemas");
		}
		try {
			schema.validate(object);
		}
		catch (IOException | RuntimeException ex) {
			throw new AssertionError(type + " " + name(object) + " does not fit its schema: " + ex.getMessage(), ex);
		}
	}

	private static void validateScaledObject(Map<String, Object> object) throws IOException {
		KedaScaledObject scaledObject = KEDA.convertValue(object, KedaScaledObject.class);
		V1ObjectMeta.validateJsonElement(GSON.toJsonTree(scaledObject.metadata()));
		if (scaledObject.spec().advanced() != null
				&& scaledObject.spec().advanced().horizontalPodAutoscalerConfig() != null) {
			Map<String, Object> behavior = scaledObject.spec().advanced().horizontalPodAutoscalerConfig().behavior();
			V2HorizontalPodAutoscalerBehavior.validateJsonElement(GSON.toJsonTree(behavior));
		}
	}

	private static Map.Entry<String, Schema> kubernetes(String apiVersion, String kind, JsonValidator validator) {
		return Map.entry(apiVersion + " " + kind, (object) -> validator.validate(GSON.toJsonTree(object)));
	}

	private static Map.Entry<String, Schema> fabric8(String apiVersion, String kind, Class<?> model) {
		return Map.entry(apiVersion + " " + kind, (object) -> FABRIC8.convertValue(object, model));
	}

	private static Object name(Map<String, Object> object) {
		return (object.get("metadata") instanceof Map<?, ?> metadata) ? metadata.get("name") : "(no name)";
	}

	@FunctionalInterface
	private interface Schema {

		void validate(Map<String, Object> object) throws IOException;

	}

	@FunctionalInterface
	private interface JsonValidator {

		void validate(JsonElement json) throws IOException;

	}

	/**
	 * Unknown fields of the fabric8 models fail instead of landing in
	 * additionalProperties.
	 */
	private static final class WithoutAnySetter extends BeanDeserializerModifier {

		@Override
		public BeanDeserializerBuilder updateBuilder(DeserializationConfig config,
				com.fasterxml.jackson.databind.BeanDescription description, BeanDeserializerBuilder builder) {
			builder.setAnySetter(null);
			return builder;
		}

	}

}
