package io.ssegate.gateway.stream;

import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.stream.StreamRefusedException.Reason;
import io.ssegate.gateway.system.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps a refused stream to {@code 503} with {@code Retry-After}, as an RFC 9457 problem;
 * except for an {@code EventSource} while the event broker is unavailable.
 * {@code EventSource} gives up for good on any answer but {@code 200}, and an unavailable
 * broker is every node's lot at once (a Redis restart, a shard failing over), so that
 * client gets a {@code 200} stream that only says when to come back (the reconnection
 * delay plus jitter, as the drain does) and ends: the browser reconnects then, and
 * resumes. A load balancer sees no failing node, and does not take all of them out.
 * <p>
 * Ahead of the broker's handlers: a refusal wraps the broker's failure, which they would
 * otherwise handle as the cause.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StreamProblemHandlers {

	private static final SseFrame BROKER_UNAVAILABLE = SseFrame.comment("the event broker is unavailable; reconnect");

	private final Drain drain;

	StreamProblemHandlers(Drain drain) {
		this.drain = drain;
	}

	@ExceptionHandler(StreamRefusedException.class)
	ResponseEntity<?> refused(StreamRefusedException ex, HttpServletRequest request) {
		if (ex.reason() == Reason.BROKER && isEventSource(request.getHeader(HttpHeaders.ACCEPT))) {
			return ResponseEntity.ok()
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.cacheControl(CacheControl.noCache())
				.body(BROKER_UNAVAILABLE.text() + this.drain.retryHint().text());
		}
		return ProblemResponses.unavailable(ex.getMessage());
	}

	private static boolean isEventSource(@Nullable String accept) {
		return StringUtils.hasText(accept) && MediaType.parseMediaTypes(accept)
			.stream()
			.anyMatch(MediaType.TEXT_EVENT_STREAM::equalsTypeAndSubtype);
	}

}
