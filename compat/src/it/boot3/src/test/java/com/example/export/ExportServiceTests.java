package com.example.export;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssegate.compat.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@SpringBootTest
class ExportServiceTests {

	private static final String REDIS_AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration";

	private static final RedisServer redis = RedisServer.start();

	@Autowired
	private ExportService exportService;

	@Autowired
	private StringRedisTemplate redisTemplate;

	@Autowired
	private ObjectMapper objectMapper;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void stopRedis() throws InterruptedException {
		redis.close();
	}

	@Test
	void eventsArriveInTheTaskHistoryOfTheApplicationsRedisWrittenAsItWritesJson() throws Exception {
		this.exportService.export("export-1");

		List<JsonNode> history = history("export-1");
		assertThat(history).extracting((envelope) -> envelope.get("event").asText())
			.containsExactly("progress", "completed");
		assertThat(history).extracting((envelope) -> envelope.get("data").toString())
			.containsExactly("{\"percent_done\":50}", "{\"percent_done\":100}");
		assertThat(history.get(1).get("terminal").asBoolean()).isTrue();
	}

	@Test
	void withoutAnyRedisConfiguredTheApplicationFailsToStartSayingWhatToSet() {
		assertThatException().isThrownBy(() -> run("spring.autoconfigure.exclude=" + REDIS_AUTO_CONFIGURATION))
			.withStackTraceContaining("Set ssegate.notifier.redis-url");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void withSpringDataRedisToldNothingTheApplicationFailsToStartSayingWhatToSet(CapturedOutput output) {
		// Spring Data Redis' default of localhost:6379 is no answer.
		assertThatException().isThrownBy(ExportServiceTests::run)
			.withStackTraceContaining("Set ssegate.notifier.redis-url");
		assertThat(output).contains("APPLICATION FAILED TO START", "Set ssegate.notifier.redis-url",
				"spring.data.redis.url, .host, .port");
	}

	@Test
	void redisUrlGivesTheNotifierItsOwnClient() throws Exception {
		try (ConfigurableApplicationContext context = run("spring.autoconfigure.exclude=" + REDIS_AUTO_CONFIGURATION,
				"ssegate.notifier.redis-url=" + redis.url())) {
			context.getBean(ExportService.class).export("export-2");
		}

		assertThat(history("export-2")).hasSize(2);
	}

	@Test
	void bringsNoSecondJsonLibraryNorTokenLibrary() {
		assertThat(ClassUtils.isPresent("tools.jackson.databind.ObjectMapper", null)).isFalse();
		assertThat(ClassUtils.isPresent("com.nimbusds.jose.JWSSigner", null)).isFalse();
	}

	private List<JsonNode> history(String taskId) throws Exception {
		List<JsonNode> envelopes = new ArrayList<>();
		for (MapRecord<String, Object, Object> entry : this.redisTemplate.opsForStream()
			.range("ssegate:{" + taskId + "}:history", Range.unbounded())) {
			envelopes.add(this.objectMapper.readTree((String) entry.getValue().get("e")));
		}
		return envelopes;
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(ExportApplication.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
	}

}
