package io.ssegate.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.ssegate.gateway.support.GatewayNodes;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/openapi.yaml} against a running node: every route of the node is in the
 * document and every operation of the document is a route; each operation is called, and
 * each answer's status is documented for it and its JSON body is valid against the
 * documented schema (JSON Schema 2020-12, the dialect of OpenAPI 3.1, with networknt's
 * json-schema-validator).
 */
class OpenApiContractIntegrationTests {

	private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");

	/**
	 * The routes of the publish API, which a Jetty handler serves in front of the Servlet
	 * container ({@code publish.PublishPath}), so Spring MVC does not know them.
	 */
	private static final Set<String> JETTY_ROUTES = Set.of("post /api/tasks/{taskId}/events", "post /api/events");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static JsonNode openApi;

	private static GatewayNodes nodes;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Set<String> called = new TreeSet<>();

	@BeforeAll
	static void start() {
		openApi = new YAMLMapper().readTree(DOCUMENT.toFile());
		nodes = GatewayNodes.start(1);
	}

	@AfterAll
	static void stop() {
		nodes.close();
	}

	@Test
	void everyRouteIsDocumentedAndEveryOperationIsARoute() {
		Set<String> routes = new TreeSet<>(JETTY_ROUTES);
		nodes.bean(0, RequestMappingHandlerMapping.class).getHandlerMethods().keySet().forEach((info) -> {
			for (String path : info.getPatternValues()) {
				info.getMethodsCondition()
					.getMethods()
					.forEach((method) -> routes.add(method.name().toLowerCase(Locale.ROOT) + " " + path));
			}
		});
		routes.removeIf((route) -> route.endsWith(" /error"));

		assertThat(documentedOperations()).containsExactlyInAnyOrderElementsOf(routes);
	}

	@Test
	void everyOperationAnswersAsDocumented() throws Exception {
		String task = "contract-" + UUID.randomUUID();
		String first = id(call("post", "/api/tasks/{taskId}/events", "/api/tasks/" + task + "/events",
				"{\"event\":\"progress\",\"data\":{\"percent\":50},\"status\":\"RUNNING\"}", 202));
		call("post", "/api/tasks/{taskId}/events", "/api/tasks/bad*id/events", "{}", 400);
		call("post", "/api/tasks/{taskId}/events", "/api/tasks/" + task + "/events", "{\"unknown\":1}", 400);
		call("post", "/api/events", "/api/events", "{\"events\":[{\"taskId\":\"" + task + "\",\"data\":\"bulk\"}]}",
				200);
		call("post", "/api/events", "/api/events", "{\"events\":[{\"taskId\":\"bad*id\"}]}", 400);
		call("get", "/api/tasks/{taskId}", "/api/tasks/" + task, null, 200);
		call("get", "/api/tasks/{taskId}", "/api/tasks/unknown-" + UUID.randomUUID(), null, 404);
		call("get", "/api/tasks/{taskId}", "/api/tasks/bad*id", null, 400);
		call("get", "/api/tasks/{taskId}/events", "/api/tasks/" + task + "/events?after=" + first + "&limit=10", null,
				200);
		call("get", "/api/tasks/{taskId}/events", "/api/tasks/" + task + "/events", null, 200);
		call("get", "/api/tasks/{taskId}/events", "/api/tasks/" + task + "/events?limit=0", null, 400);
		call("get", "/api/tasks/{taskId}/events", "/api/tasks/unknown-" + UUID.randomUUID() + "/events", null, 404);
		call("delete", "/api/tasks/{taskId}", "/api/tasks/unknown-" + UUID.randomUUID(), null, 404);
		call("delete", "/api/tasks/{taskId}", "/api/tasks/" + task, null, 204);
		call("post", "/api/tasks/{taskId}/events", "/api/tasks/" + task + "/events", "{\"data\":\"late\"}", 409);
		String last = id(call("get", "/api/tasks/{taskId}", "/api/tasks/" + task, null, 200), "lastEventId");
		call("get", "/sse/register", "/sse/register?taskId=" + task, null, 200);
		call("get", "/sse/register", "/sse/register?taskId=" + task + "&lastEventId=" + last, null, 204);
		call("get", "/sse/register", "/sse/register?taskId=bad*id", null, 400);
		JsonNode demo = call("post", "/api/demo/tasks", "/api/demo/tasks?count=2", null, 201);
		call("post", "/api/demo/tasks/{taskId}/token", "/api/demo/tasks/" + demo.get("taskId").asString() + "/token",
				null, 204);
		call("post", "/api/demo/tasks/{taskId}/token", "/api/demo/tasks/not-a-demo/token", null, 404);

		assertThat(this.called).as("operations called").containsExactlyInAnyOrderElementsOf(documentedOperations());
	}

	/**
	 * Call an operation, check the status, and validate the answer against the document.
	 * @return the JSON body, or {@code null} when the answer has none
	 */
	private @Nullable JsonNode call(String method, String template, String path, @Nullable String body,
			int expectedStatus) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nodes.url(0) + path))
			.timeout(Duration.ofSeconds(10))
			.method(method.toUpperCase(Locale.ROOT),
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		this.called.add(method + " " + template);
		String where = method.toUpperCase(Locale.ROOT) + " " + path;
		assertThat(response.statusCode()).as(where + ": " + response.body()).isEqualTo(expectedStatus);

		String responsePointer = "/paths/" + escape(template) + "/" + method + "/responses/" + expectedStatus;
		JsonNode documented = openApi.at(responsePointer);
		assertThat(documented.isMissingNode()).as(where + ": status " + expectedStatus + " is documented").isFalse();
		if (documented.has("$ref")) {
			responsePointer = documented.get("$ref").asString().substring(1);
			documented = openApi.at(responsePointer);
		}
		String contentType = response.headers()
			.firstValue("Content-Type")
			.map(OpenApiContractIntegrationTests::bare)
			.orElse(null);
		if (!documented.has("content")) {
			assertThat(response.body()).as(where + ": no body documented").isEmpty();
			return null;
		}
		assertThat(contentType).as(where + ": content type").isNotNull();
		assertThat(documented.get("content").has(contentType)).as(where + ": " + contentType + " is documented")
			.isTrue();
		if (!contentType.endsWith("json")) {
			return null;
		}
		JsonNode answer = json.readTree(response.body());
		String schemaPointer = "#" + responsePointer + "/content/" + escape(contentType) + "/schema";
		assertThat(validate(schemaPointer, answer)).as(where + ": " + response.body()).isEmpty();
		return answer;
	}

	/**
	 * Validate a value against a schema of the document: the document itself, with a
	 * {@code $ref} to that schema at its root, so that the schema's own references
	 * resolve in it.
	 */
	private static List<Error> validate(String schemaPointer, JsonNode value) {
		ObjectNode schema = ((ObjectNode) openApi.deepCopy()).put("$ref", schemaPointer);
		schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
		return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema).validate(value);
	}

	private static Set<String> documentedOperations() {
		Set<String> operations = new TreeSet<>();
		openApi.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			if (!operation.getKey().equals("parameters")) {
				operations.add(operation.getKey() + " " + path.getKey());
			}
		}));
		return operations;
	}

	private static String id(@Nullable JsonNode answer) {
		return id(answer, "id");
	}

	private static String id(@Nullable JsonNode answer, String field) {
		assertThat(answer).isNotNull();
		return answer.get(field).asString();
	}

	private static String escape(String pointerToken) {
		return pointerToken.replace("~", "~0").replace("/", "~1");
	}

	private static String bare(String contentType) {
		int parameters = contentType.indexOf(';');
		return ((parameters >= 0) ? contentType.substring(0, parameters) : contentType).trim();
	}

}
