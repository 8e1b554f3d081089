package io.ssegate.e2e.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ssegate.e2e.Repository;
import io.ssegate.e2e.YamlNode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code values.schema.json} describes every value of {@code values.yaml}, and closes
 * every object it describes field by field, so that Helm refuses a misspelt key instead
 * of ignoring it. (Free-form maps, such as annotations, describe no fields.)
 */
class ValuesSchemaTests {

	private final JsonNode schema = JsonMapper.shared()
		.readTree(Repository.read("deploy/helm/ssegate/values.schema.json"));

	@Test
	void everyValueHasASchema() {
		List<String> undescribed = new ArrayList<>();
		collectUndescribed(YamlNode.load(Repository.file("deploy/helm/ssegate/values.yaml")), this.schema, "",
				undescribed);
		assertThat(undescribed).isEmpty();
	}

	@Test
	void everyObjectWithFieldsRefusesOthers() {
		List<String> open = new ArrayList<>();
		collectOpen(this.schema, "", open);
		assertThat(open).isEmpty();
	}

	private static void collectUndescribed(YamlNode values, JsonNode schema, String path, List<String> undescribed) {
		if (!schema.has("properties")) {
			return;
		}
		for (Map.Entry<String, YamlNode> entry : values.entries().entrySet()) {
			JsonNode property = schema.path("properties").path(entry.getKey());
			String where = path + "." + entry.getKey();
			if (property.isMissingNode()) {
				undescribed.add(where);
			}
			else if (property.path("type").asString("").equals("object")) {
				collectUndescribed(entry.getValue(), property, where, undescribed);
			}
		}
	}

	private static void collectOpen(JsonNode schema, String path, List<String> open) {
		if (schema.has("properties")) {
			if (!schema.path("additionalProperties").isBoolean() || schema.path("additionalProperties").asBoolean()) {
				open.add(path.isEmpty() ? "(root)" : path);
			}
			for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
				collectOpen(property.getValue(), path + "." + property.getKey(), open);
			}
		}
		if (schema.has("items")) {
			collectOpen(schema.path("items"), path + "[]", open);
		}
	}

}
