package io.ssegate.gateway.publish;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ssegate.gateway.broker.EventBroker;
import io.ssegate.gateway.security.AccessGuard;
import io.ssegate.gateway.system.GatewayProperties;
import io.ssegate.notifier.NotifierException;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.notifier.RedisUnavailableException;
import io.ssegate.notifier.TaskTokens;
import io.ssegate.notifier.protocol.TaskKeys;
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
 * The HTTP publish API for services that do not use notifier-client.
 */
@RestController
class PublishController {

	private final EventBroker broker;

	private final GatewayProperties.Publish properties;

	private final AccessGuard guard;

	PublishController(EventBroker broker, AccessGuard guard, GatewayProperties properties) {
		this.broker = broker;
		this.guard = guard;
		this.properties = properties.publish();
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
			return this.broker.publish(taskId, event).get(this.properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof NotifierException notifierException) {
				throw notifierException;
			}
			throw new NotifierException("Publishing to task " + taskId + " failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new RedisUnavailableException(
					"The broker did not store the event within " + this.properties.timeout(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NotifierException("Interrupted while publishing", ex);
		}
	}

}
