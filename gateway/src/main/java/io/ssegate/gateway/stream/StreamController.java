package io.ssegate.gateway.stream;

import java.io.IOException;
import java.time.Instant;

import io.ssegate.gateway.security.AccessGuard;
import io.ssegate.notifier.TaskTokens;
import io.ssegate.protocol.EventId;
import io.ssegate.protocol.TaskKeys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The SSE endpoint, compatible with the single-node seed design:
 * {@code new EventSource('/sse/register?taskId=42')}. The response is written with the
 * Servlet API's non-blocking output rather than Spring's {@code SseEmitter}, whose
 * blocking sends need a thread per write (see {@link StreamWriter}).
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
	void register(@RequestParam(required = false) @Nullable String taskId,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventIdHeader,
			@RequestParam(name = "lastEventId", required = false) @Nullable String lastEventIdParameter,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!TaskKeys.isValidTaskId(taskId)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"taskId must be 1 to " + TaskKeys.MAX_TASK_ID_LENGTH + " letters, digits, '.', '_', ':' or '-'");
		}
		Instant accessEnds = this.guard.require(request, taskId, TaskTokens.SUBSCRIBE);
		String lastEventId = (lastEventIdHeader != null) ? lastEventIdHeader : lastEventIdParameter;
		StreamWriter writer = this.opener.open(taskId, parse(lastEventId), accessEnds);
		if (writer == null) {
			response.setStatus(HttpStatus.NO_CONTENT.value());
			return;
		}
		response.setStatus(HttpStatus.OK.value());
		response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noCache().getHeaderValue());
		// nginx: do not buffer this response.
		response.setHeader("X-Accel-Buffering", "no");
		request.setAttribute(StreamRequestTrimmer.STREAM_STARTED, Boolean.TRUE);
		try {
			writer.start(request.startAsync());
		}
		catch (IOException | RuntimeException ex) {
			writer.completeNow();
			throw ex;
		}
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
