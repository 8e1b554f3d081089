package io.ssegate.bench.naive;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The seed design's endpoint (an emitter with a 4 hour timeout, registered with the
 * listener, plus a first comment so that the stream opens at once), and a publish
 * endpoint shaped like ssegate's that raises the application event.
 */
@RestController
class NaiveSseController {

	private static final long TIMEOUT_MILLIS = 14_400_000L;

	private final NotifyListener listener;

	private final ApplicationEventPublisher events;

	NaiveSseController(NotifyListener listener, ApplicationEventPublisher events) {
		this.listener = listener;
		this.events = events;
	}

	@GetMapping("/sse/register")
	SseEmitter register(@RequestParam String taskId) throws IOException {
		SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
		this.listener.addClient(taskId, emitter);
		// Not in the blog post: without it, Spring MVC sends the response head with the
		// first event, and EventSource's onopen (and the load tool) waits until then.
		emitter.send(SseEmitter.event().comment("connected"));
		return emitter;
	}

	@PostMapping("/api/tasks/{taskId}/events")
	ResponseEntity<Void> publish(@PathVariable String taskId, @RequestBody PublishRequest request) {
		this.events.publishEvent(new NaiveEvent(taskId, request.event(), request.data(), request.status()));
		return ResponseEntity.accepted().build();
	}

	/**
	 * A publish request, as for ssegate's API.
	 *
	 * @param event the event name
	 * @param data the data
	 * @param status the task status
	 */
	record PublishRequest(@Nullable String event, @Nullable Object data, @Nullable String status) {
	}

}
