package io.ssegate.gateway.task;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ssegate.gateway.support.GatewayNodes;
import io.ssegate.gateway.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task API on the embedded broker: the node counts its own followers and receivers,
 * and a delete ends the task's streams.
 */
class EmbeddedTaskApiIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	static GatewayNodes node;

	@BeforeAll
	static void startNode() {
		node = GatewayNodes.start(1);
	}

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@Test
	void stateReceiversAndDeleteWorkOnOneNode() {
		String taskId = "task-" + UUID.randomUUID();
		TaskApi api = new TaskApi(node.url(0));
		assertThat(api.publish(taskId, Map.of("data", "first")).getBody()).containsEntry("receivers", 0);
		List<SseStream> streams = SseStream.openAll(node.url(0), taskId, 2);

		assertThat(api.publish(taskId, Map.of("data", "second")).getBody()).containsEntry("receivers", 1);
		assertThat(api.get("/api/tasks/" + taskId).getBody()).containsEntry("followers", 2)
			.containsEntry("length", 2)
			.containsEntry("state", "running");
		assertThat(api.delete("/api/tasks/" + taskId).getStatusCode().value()).isEqualTo(204);

		await().atMost(WAIT).until(() -> streams.stream().allMatch(SseStream::isCompleted));
		assertThat(streams.get(0).events().getLast().event()).isEqualTo(TaskController.DELETED_EVENT);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(api.get("/api/tasks/" + taskId).getBody()).containsEntry("followers", 0)
				.containsEntry("state", "ended"));
	}

}
