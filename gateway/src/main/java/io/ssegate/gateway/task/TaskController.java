package io.ssegate.gateway.task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.ssegate.gateway.broker.EventBroker;
import io.ssegate.gateway.broker.Publication;
import io.ssegate.gateway.broker.TaskEndedException;
import io.ssegate.gateway.broker.TaskState;
import io.ssegate.gateway.security.AccessGuard;
import io.ssegate.notifier.tokens.TaskTokens;
import io.ssegate.protocol.EventId;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.protocol.TaskStatus;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The task API: a task's state, its history as JSON for clients that poll, and ending it.
 * Every request needs a publish token for the task (or an anonymous node). Runs on the
 * Servlet container's virtual threads, so it waits for the broker.
 */
@RestController
class TaskController {

	/** The name of the final event that {@code DELETE} publishes. */
	static final String DELETED_EVENT = "deleted";

	private final EventBroker broker;

	private final AccessGuard guard;

	private final TaskProperties properties;

	TaskController(EventBroker broker, AccessGuard guard, TaskProperties properties) {
		this.broker = broker;
		this.guard = guard;
		this.properties = properties;
	}

	@GetMapping("/api/tasks/{taskId}")
	TaskView state(@PathVariable String taskId, HttpServletRequest request) {
		requireAccess(taskId, request);
		return TaskView.of(taskId, find(taskId));
	}

	@GetMapping("/api/tasks/{taskId}/events")
	EventsPage events(@PathVariable String taskId, @RequestParam(required = false) @Nullable String after,
			@RequestParam(required = false) @Nullable Integer limit, HttpServletRequest request) {
		requireAccess(taskId, request);
		EventId afterId = parseAfter(after);
		int count = checkLimit(limit);
		find(taskId);
		return EventsPage.of(taskId, join(this.broker.page(taskId, afterId, count)));
	}

	/**
	 * Ends a running task with a final {@value #DELETED_EVENT} event (status
	 * {@code END}), which closes its streams on every node; then lets its keys go after
	 * the retention. A task that already ended is only given the shorter retention.
	 */
	@DeleteMapping("/api/tasks/{taskId}")
	ResponseEntity<Void> delete(@PathVariable String taskId, HttpServletRequest request) {
		requireAccess(taskId, request);
		TaskState state = find(taskId);
		if (!state.last().envelope().terminal()) {
			try {
				join(this.broker.publish(new Publication(taskId, DELETED_EVENT, null, TaskStatus.END, null)));
			}
			catch (TaskEndedException ex) {
				// It ended meanwhile: as good.
			}
		}
		join(this.broker.forgetAfter(taskId, this.properties.deletedRetention()));
		return ResponseEntity.noContent().build();
	}

	private void requireAccess(String taskId, HttpServletRequest request) {
		try {
			TaskKeys.requireValidTaskId(taskId);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		this.guard.require(request, taskId, TaskTokens.PUBLISH);
	}

	private TaskState find(String taskId) {
		return join(this.broker.state(taskId)).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
				"Task " + taskId + " has no history: never published to, or expired"));
	}

	private static @Nullable EventId parseAfter(@Nullable String after) {
		try {
			return (after != null) ? EventId.parse(after) : null;
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "after: " + ex.getMessage());
		}
	}

	private int checkLimit(@Nullable Integer limit) {
		if (limit == null) {
			return Math.min(this.properties.defaultLimit(), this.properties.maxLimit());
		}
		if (limit < 1 || limit > this.properties.maxLimit()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"limit must be between 1 and " + this.properties.maxLimit());
		}
		return limit;
	}

	/**
	 * Wait for the broker, which fails after its timeout; its failures keep their type,
	 * for their problem details.
	 */
	private static <T> T join(CompletableFuture<T> request) {
		try {
			return request.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

}
