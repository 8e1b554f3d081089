package io.ssegate.gateway.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.ssegate.gateway.broker.EventBroker;
import io.ssegate.gateway.broker.Publication;
import io.ssegate.gateway.security.SecurityProperties;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.notifier.tokens.TaskTokens;
import io.ssegate.protocol.TaskStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Starts demo tasks for the demo page: a few progress events, then END. They go through
 * the broker like any published event, so in Redis mode every node delivers them.
 * <p>
 * On a node with an HMAC secret, the page follows its task with a short-lived subscribe
 * token in an {@code HttpOnly} cookie, as a page's own backend would hand one out: the
 * page renews the cookie while it follows the task, and when the gateway ends the stream
 * at the token's expiry, {@code EventSource} reconnects with the renewed cookie and
 * resumes.
 */
@RestController
@ConditionalOnBooleanProperty(name = "ssegate.demo.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DemoProperties.class)
class DemoController {

	private static final Logger logger = LoggerFactory.getLogger(DemoController.class);

	/** The most demo tasks one page starts, and follows on one stream. */
	private static final int MAX_TASKS = 10;

	/** The ids of demo tasks, the only ones this controller hands out tokens for. */
	private static final Pattern DEMO_TASK = Pattern.compile("demo-[0-9a-f-]{36}");

	private final EventBroker broker;

	private final TaskScheduler scheduler;

	private final DemoProperties properties;

	private final @Nullable TaskTokens tokens;

	private final String cookieName;

	DemoController(EventBroker broker, TaskScheduler scheduler, DemoProperties properties,
			SecurityProperties security) {
		this.broker = broker;
		this.scheduler = scheduler;
		this.properties = properties;
		this.cookieName = security.cookieName();
		this.tokens = (!security.anonymous() && security.hmacSecret() != null) ? TaskTokens.hmac(security.hmacSecret())
				: null;
	}

	/**
	 * Start demo tasks: one, or several for the page to follow on one stream.
	 */
	@PostMapping("/api/demo/tasks")
	ResponseEntity<Map<String, Object>> start(@RequestParam(defaultValue = "1") @Min(1) @Max(MAX_TASKS) int count,
			HttpServletRequest request) {
		List<String> taskIds = IntStream.range(0, count).mapToObj((i) -> "demo-" + UUID.randomUUID()).toList();
		Duration interval = this.properties.stepInterval();
		for (String taskId : taskIds) {
			AtomicInteger step = new AtomicInteger();
			this.scheduler.schedule(() -> runStep(taskId, step, interval), Instant.now().plus(interval));
		}
		Map<String, Object> body = Map.of("taskId", taskIds.getFirst(), "taskIds", taskIds);
		if (this.tokens == null) {
			return ResponseEntity.status(HttpStatus.CREATED).body(body);
		}
		// Secured node: the page needs a subscribe token for its demo tasks, and only for
		// them; it renews the cookie every so often.
		Map<String, Object> secured = new LinkedHashMap<>(body);
		secured.put("tokenTtlSeconds", this.properties.tokenTtl().toSeconds());
		return ResponseEntity.status(HttpStatus.CREATED)
			.header(HttpHeaders.SET_COOKIE, tokenCookie(this.tokens, taskIds, request))
			.body(secured);
	}

	/**
	 * Renew the cookie of a demo task's subscribe token, and of the other tasks the page
	 * follows on the same stream ({@code ?also=…}). A page's own backend would check its
	 * user's session here; demo tasks are anyone's.
	 */
	@PostMapping("/api/demo/tasks/{taskId}/token")
	ResponseEntity<Void> renewToken(@PathVariable String taskId,
			@RequestParam(name = "also", defaultValue = "") @Size(max = MAX_TASKS - 1) List<String> also,
			HttpServletRequest request) {
		List<String> taskIds = Stream.concat(Stream.of(taskId), also.stream()).toList();
		if (!taskIds.stream().allMatch((id) -> DEMO_TASK.matcher(id).matches())) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Not a demo task");
		}
		if (this.tokens == null) {
			return ResponseEntity.noContent().build();
		}
		return ResponseEntity.noContent()
			.header(HttpHeaders.SET_COOKIE, tokenCookie(this.tokens, taskIds, request))
			.build();
	}

	/**
	 * A cookie that only the SSE endpoint receives, out of scripts' reach, and never on a
	 * request from another site.
	 */
	private String tokenCookie(TaskTokens tokens, List<String> taskIds, HttpServletRequest request) {
		Duration ttl = this.properties.tokenTtl();
		return ResponseCookie.from(this.cookieName, tokens.subscribe(ttl, taskIds.toArray(String[]::new)))
			.path("/sse")
			.maxAge(ttl)
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Strict")
			.build()
			.toString();
	}

	private void runStep(String taskId, AtomicInteger step, Duration interval) {
		int current = step.incrementAndGet();
		int steps = this.properties.steps();
		Publication event = (current < steps) ? new Publication(taskId, NotifyEvent.PROGRESS,
				Map.of("percent", current * 100 / steps, "step", current, "of", steps), TaskStatus.RUNNING, null)
				: new Publication(taskId, NotifyEvent.COMPLETED,
						Map.of("percent", 100, "result", "demo-report-" + taskId + ".csv"), TaskStatus.END, null);
		this.broker.publish(event).whenComplete((id, failure) -> {
			if (failure != null) {
				logger.warn("Demo task {} stopped: {}", taskId, failure.getMessage());
			}
			else if (current < steps) {
				this.scheduler.schedule(() -> runStep(taskId, step, interval), Instant.now().plus(interval));
			}
		});
	}

}
