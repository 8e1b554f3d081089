package io.ssegate.gateway.stream;

import io.ssegate.gateway.security.AccessGuard;
import io.ssegate.notifier.TaskTokens;
import io.ssegate.notifier.protocol.EventId;
import io.ssegate.notifier.protocol.TaskKeys;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The SSE endpoint, compatible with the single-node seed design:
 * {@code new EventSource('/sse/register?taskId=42')}.
 */
@RestController
class StreamController {

	private final StreamOpener opener;

	private final AccessGuard guard;

	StreamController(StreamOpener opener, AccessGuard guard) {
		this.opener = opener;
		this.guard = guard;
	}

	@GetMapping(path = "/sse/register")
	ResponseEntity<SseEmitter> register(@RequestParam(required = false) @Nullable String taskId,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventIdHeader,
			@RequestParam(name = "lastEventId", required = false) @Nullable String lastEventIdParameter,
			HttpServletRequest request) {
		if (!TaskKeys.isValidTaskId(taskId)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"taskId must be 1 to " + TaskKeys.MAX_TASK_ID_LENGTH + " letters, digits, '.', '_', ':' or '-'");
		}
		this.guard.require(request, taskId, TaskTokens.SUBSCRIBE);
		String lastEventId = (lastEventIdHeader != null) ? lastEventIdHeader : lastEventIdParameter;
		SseEmitter emitter = this.opener.open(taskId, parse(lastEventId));
		if (emitter == null) {
			return ResponseEntity.noContent().build();
		}
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.cacheControl(CacheControl.noCache())
			.header("X-Accel-Buffering", "no")
			.body(emitter);
	}

	private static @Nullable EventId parse(@Nullable String lastEventId) {
		if (lastEventId == null || lastEventId.isEmpty()) {
			return null;
		}
		try {
			return EventId.parse(lastEventId);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"Last-Event-ID must be an event id of this gateway (<millis>-<sequence>)");
		}
	}

}
