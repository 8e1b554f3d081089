package io.ssegate.gateway.task;

import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * Calls the task API of one node and returns every answer, whatever its status.
 */
final class TaskApi {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final RestClient client;

	TaskApi(String baseUrl) {
		this.client = RestClient.builder().baseUrl(baseUrl).build();
	}

	ResponseEntity<Map<String, Object>> get(String path) {
		return this.client.get().uri(path).retrieve().onStatus(HttpStatusCode::isError, (request, response) -> {
		}).toEntity(JSON);
	}

	ResponseEntity<Void> delete(String path) {
		return this.client.delete().uri(path).retrieve().onStatus(HttpStatusCode::isError, (request, response) -> {
		}).toBodilessEntity();
	}

	ResponseEntity<Map<String, Object>> publish(String taskId, Map<String, ?> body) {
		return this.client.post()
			.uri("/api/tasks/{taskId}/events", taskId)
			.body(body)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.toEntity(JSON);
	}

}
