package io.ssegate.gateway.stream;

import java.io.IOException;

import io.ssegate.gateway.security.Access;
import io.ssegate.gateway.security.AccessGuard;
import io.ssegate.notifier.tokens.TaskTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The SSE endpoint, compatible with the single-node seed design:
 * {@code new EventSource('/sse/register?taskId=42')}; the parameter repeats for a stream
 * of several tasks ({@code ?taskId=42&taskId=43}). The response is written with the
 * Servlet API's non-blocking output rather than Spring's {@code SseEmitter}, whose
 * blocking sends need a thread per write (see {@link StreamWriter}).
 */
@RestController
class StreamController {

	private final StreamOpener opener;

	private final AccessGuard guard;

	private final StreamProperties properties;

	private final ClientAddress clientAddress;

	private final Admission admission;

	StreamController(StreamOpener opener, AccessGuard guard, StreamProperties properties, ClientAddress clientAddress,
			Admission admission) {
		this.opener = opener;
		this.admission = admission;
		this.guard = guard;
		this.properties = properties;
		this.clientAddress = clientAddress;
	}

	@GetMapping(path = "/sse/register")
	void register(@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventIdHeader,
			@RequestParam(name = "lastEventId", required = false) @Nullable String lastEventIdParameter,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		// Read as repeated parameters: a comma does not split a task id into two.
		String lastEventId = (lastEventIdHeader != null) ? lastEventIdHeader : lastEventIdParameter;
		StreamTasks tasks = StreamTasks.of(request.getParameterValues("taskId"), lastEventId,
				this.properties.maxTasks());
		this.admission.admit();
		StreamWriter writer;
		try {
			Access access = this.guard.require(request, tasks.taskIds(), TaskTokens.SUBSCRIBE);
			writer = this.opener.open(tasks, access.endsAt(),
					new ClientStreamCounts.Client(access.subject(), this.clientAddress.of(request)));
		}
		finally {
			this.admission.opened();
		}
		if (writer == null) {
			response.setStatus(HttpStatus.NO_CONTENT.value());
			return;
		}
		response.setStatus(HttpStatus.OK.value());
		StreamHeaders.applyTo(response);
		request.setAttribute(StreamRequestTrimmer.STREAM_STARTED, Boolean.TRUE);
		try {
			writer.start(request.startAsync());
		}
		catch (IOException | RuntimeException ex) {
			writer.completeNow(StreamEnd.CLIENT_GONE);
			throw ex;
		}
	}

}
