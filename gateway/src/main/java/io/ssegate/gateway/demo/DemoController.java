package io.ssegate.gateway.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.ssegate.gateway.broker.EventBroker;
import io.ssegate.gateway.security.SecurityProperties;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.notifier.TaskTokens;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Starts demo tasks for the demo page: a few progress events, then END. They go through
 * the broker like any published event, so in Redis mode every node delivers them.
 */
@RestController
@ConditionalOnBooleanProperty(name = "ssegate.demo.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DemoProperties.class)
class DemoController {

	private static final Logger logger = LoggerFactory.getLogger(DemoController.class);

	private static final Duration DEMO_TOKEN_TTL = Duration.ofMinutes(10);

	private final EventBroker broker;

	private final TaskScheduler scheduler;

	private final DemoProperties properties;

	private final @Nullable TaskTokens tokens;

	DemoController(EventBroker broker, TaskScheduler scheduler, DemoProperties properties,
			SecurityProperties security) {
		this.broker = broker;
		this.scheduler = scheduler;
		this.properties = properties;
		this.tokens = (!security.anonymous() && security.hmacSecret() != null) ? TaskTokens.hmac(security.hmacSecret())
				: null;
	}

	@PostMapping("/api/demo/tasks")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> start() {
		String taskId = "demo-" + UUID.randomUUID();
		AtomicInteger step = new AtomicInteger();
		Duration interval = this.properties.stepInterval();
		this.scheduler.schedule(() -> runStep(taskId, step, interval), Instant.now().plus(interval));
		if (this.tokens == null) {
			return Map.of("taskId", taskId);
		}
		// Secured node: the page needs a subscribe token for its demo task, and only for
		// it.
		return Map.of("taskId", taskId, "token", this.tokens.subscribe(DEMO_TOKEN_TTL, taskId));
	}

	private void runStep(String taskId, AtomicInteger step, Duration interval) {
		int current = step.incrementAndGet();
		int steps = this.properties.steps();
		NotifyEvent event = (current < steps)
				? NotifyEvent.progress(Map.of("percent", current * 100 / steps, "step", current, "of", steps))
				: NotifyEvent.completed(Map.of("percent", 100, "result", "demo-report-" + taskId + ".csv"));
		this.broker.publish(taskId, event).whenComplete((id, failure) -> {
			if (failure != null) {
				logger.warn("Demo task {} stopped: {}", taskId, failure.getMessage());
			}
			else if (current < steps) {
				this.scheduler.schedule(() -> runStep(taskId, step, interval), Instant.now().plus(interval));
			}
		});
	}

}
