package io.ssegate.gateway.publish;

import java.util.concurrent.CompletionException;

import io.ssegate.gateway.broker.EventBroker;
import io.ssegate.gateway.security.AccessGuard;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.notifier.TaskTokens;
import io.ssegate.protocol.TaskKeys;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The HTTP publish API for services that do not use notifier-client. The broker's
 * failures (and its timeout) answer as the broker's problem details.
 */
@RestController
class PublishController {

	private final EventBroker broker;

	private final AccessGuard guard;

	PublishController(EventBroker broker, AccessGuard guard) {
		this.broker = broker;
		this.guard = guard;
	}

	@PostMapping("/api/tasks/{taskId}/events")
	ResponseEntity<PublishedEvent> publish(@PathVariable String taskId, @RequestBody PublishRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			HttpServletRequest httpRequest) {
		this.guard.require(httpRequest, taskId, TaskTokens.PUBLISH);
		NotifyEvent event = toEvent(taskId, request, idempotencyKey);
		String id = await(taskId, event);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new PublishedEvent(taskId, id));
	}

	private static NotifyEvent toEvent(String taskId, PublishRequest request, @Nullable String idempotencyKey) {
		try {
			TaskKeys.requireValidTaskId(taskId);
			return new NotifyEvent(request.event(), request.data(), request.status(), idempotencyKey);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
	}

	private String await(String taskId, NotifyEvent event) {
		try {
			return this.broker.publish(taskId, event).join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

}
