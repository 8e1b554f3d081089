package io.ssegate.bench.naive;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * The naive SSE service: {@code GET /sse/register?taskId=…} and {@code POST
 * /api/tasks/{taskId}/events}, like ssegate's, on one node, with no history.
 */
@SpringBootApplication
@EnableAsync
public class NaiveSseApplication {

	/**
	 * The bench class path also holds the gateway's dependencies; none of their Redis
	 * setup belongs in this service.
	 */
	private static final Map<String, Object> DEFAULTS = Map.of("spring.autoconfigure.exclude", String.join(",",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration"),
			"spring.mvc.async.request-timeout", "-1");

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(NaiveSseApplication.class);
		application.setDefaultProperties(DEFAULTS);
		application.run(args);
	}

}
