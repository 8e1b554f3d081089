package io.ssegate.gateway.support;

import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * Publishes through a node's HTTP publish API.
 */
public final class Publisher {

	private final RestClient client;

	/**
	 * Create a publisher for one node.
	 * @param baseUrl the node's base URL
	 */
	public Publisher(String baseUrl) {
		this.client = RestClient.builder().baseUrl(baseUrl).build();
	}

	/**
	 * Publish a JSON body and expect 202.
	 * @param taskId the task
	 * @param body the request body
	 * @return the event id
	 */
	public String publish(String taskId, Map<String, ?> body) {
		Map<?, ?> answer = this.client.post()
			.uri("/api/tasks/{taskId}/events", taskId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.body(Map.class);
		return String.valueOf(answer.get("id"));
	}

	/**
	 * Publish a raw body and return the whole answer, whatever its status.
	 * @param taskId the task
	 * @param json the raw JSON body
	 * @return the answer
	 */
	public ResponseEntity<String> post(String taskId, String json) {
		return this.client.post()
			.uri("/api/tasks/{taskId}/events", taskId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.toEntity(String.class);
	}

}
