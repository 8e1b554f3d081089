package com.example.export;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.lettuce.core.RedisURI;
import io.ssegate.compat.RedisServer;
import io.ssegate.notifier.Jackson2DataSerializer;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierOptions;
import io.ssegate.notifier.tokens.TaskTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExportJobTests {

	private static RedisServer redis;

	private final ObjectMapper mapper = new ObjectMapper();

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() throws InterruptedException {
		redis.close();
	}

	@Test
	void eventsArriveInTheTaskHistoryWrittenWithJackson2() throws Exception {
		try (Notifier notifier = Notifier.create(redis.url())) {
			new ExportJob(notifier).run("export-1");
		}

		List<JsonNode> history = history("export-1");
		assertThat(history).extracting((envelope) -> envelope.get("data").toString())
			.containsExactly("{\"percentDone\":50}", "{\"downloadUrl\":\"https://example.com/export.csv\"}");
		assertThat(history.get(1).get("terminal").asBoolean()).isTrue();
	}

	@Test
	void eventDataFollowsTheMapperTheProgramPasses() throws Exception {
		ObjectMapper snakeCase = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
		NotifierOptions options = NotifierOptions.builder()
			.dataSerializer(new Jackson2DataSerializer(snakeCase))
			.build();

		try (Notifier notifier = Notifier.create(RedisURI.create(redis.url()), options)) {
			new ExportJob(notifier).run("export-2");
		}

		assertThat(history("export-2").get(1).get("data").toString())
			.isEqualTo("{\"download_url\":\"https://example.com/export.csv\"}");
	}

	@Test
	void mintsSubscribeTokens() {
		String token = TaskTokens.hmac("a-secret-of-at-least-thirty-two-bytes")
			.subscribe(Duration.ofMinutes(5), "export-1");

		assertThat(token.split("\\.")).hasSize(3);
	}

	@Test
	void bringsNeitherSpringNorASecondJackson() {
		assertThat(ClassPresence.isPresent("org.springframework.context.ApplicationContext")).isFalse();
		assertThat(ClassPresence.isPresent("tools.jackson.databind.ObjectMapper")).isFalse();
	}

	private List<JsonNode> history(String taskId) throws Exception {
		List<JsonNode> envelopes = new ArrayList<>();
		for (String envelope : HistoryReader.envelopes(redis.url(), taskId)) {
			envelopes.add(this.mapper.readTree(envelope));
		}
		return envelopes;
	}

}
