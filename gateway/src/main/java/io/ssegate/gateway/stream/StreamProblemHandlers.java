package io.ssegate.gateway.stream;

import java.util.Objects;

import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.security.KeySetUnavailableException;
import io.ssegate.gateway.stream.StreamRefusedException.Reason;
import io.ssegate.gateway.system.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps a client over its own limits to {@code 429} with {@code Retry-After}, and any
 * other refused stream to {@code 503} with {@code Retry-After}, as RFC 9457 problems;
 * except for an {@code EventSource}, which gives up for good on any answer but
 * {@code 200}: it gets a {@code 200} stream that only says why and when to come back, and
 * ends. A full or draining node tells it to move now (another node is ready: the load
 * balancer sends the reconnect elsewhere); an unavailable broker, every node's lot at
 * once (a Redis restart, a shard failing over), tells it to come back after the reconnect
 * delay. Either way the browser reconnects and resumes, and a load balancer sees no
 * failing node. A node busy with a storm of opens (see {@link Admission}) tells it to
 * come back within the admission's retry spread. A token that cannot be verified yet,
 * because the identity provider's keys are not loaded, is answered the same way as an
 * unavailable broker.
 * <p>
 * Ahead of the broker's handlers: a refusal wraps the broker's failure, which they would
 * otherwise handle as the cause.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StreamProblemHandlers {

	private static final SseFrame BROKER_UNAVAILABLE = SseFrame.comment("the event broker is unavailable; reconnect");

	private static final SseFrame KEYS_UNAVAILABLE = SseFrame
		.comment("the identity provider's keys are not loaded yet; reconnect");

	private static final SseFrame NODE_UNAVAILABLE = SseFrame.comment("this node takes no new streams; reconnect");

	private static final SseFrame NODE_BUSY = SseFrame.comment("this node is busy opening streams; reconnect");

	private final RetryHints hints;

	private final ClientLimitProperties limits;

	StreamProblemHandlers(RetryHints hints, ClientLimitProperties limits) {
		this.hints = hints;
		this.limits = limits;
	}

	@ExceptionHandler(StreamRefusedException.class)
	ResponseEntity<?> refused(StreamRefusedException ex, HttpServletRequest request) {
		if (ex.reason().isClientLimit()) {
			return overLimit(Objects.requireNonNull(ex.getMessage()));
		}
		if (!isEventSource(request.getHeader(HttpHeaders.ACCEPT))) {
			return ProblemResponses.unavailable(Objects.requireNonNull(ex.getMessage()));
		}
		String body = switch (ex.reason()) {
			case BROKER -> BROKER_UNAVAILABLE.text() + this.hints.comeBackLater().text();
			case BUSY -> NODE_BUSY.text() + this.hints.spreadOut().text();
			default -> NODE_UNAVAILABLE.text() + this.hints.moveNow().text();
		};
		return ResponseEntity.ok().headers(StreamHeaders.create()).body(body);
	}

	/**
	 * The token cannot be verified until the identity provider answers: every node's lot,
	 * so the client comes back later, as for an unavailable broker.
	 */
	@ExceptionHandler(KeySetUnavailableException.class)
	ResponseEntity<?> keysUnavailable(KeySetUnavailableException ex, HttpServletRequest request) {
		if (!isEventSource(request.getHeader(HttpHeaders.ACCEPT))) {
			return ProblemResponses.unavailable(String.valueOf(ex.getReason()));
		}
		return ResponseEntity.ok()
			.headers(StreamHeaders.create())
			.body(KEYS_UNAVAILABLE.text() + this.hints.comeBackLater().text());
	}

	/**
	 * {@code 429}, an {@code EventSource} included: it then stops for good, where a
	 * {@code 200} with a retry hint would have it come back again and again while the
	 * client keeps its other streams open, each attempt a request and a refusal more. The
	 * page (or the browser client's backoff) decides when to try again.
	 */
	private ResponseEntity<ProblemDetail> overLimit(String detail) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(this.limits.retryAfter().toSeconds()))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail));
	}

	private static boolean isEventSource(@Nullable String accept) {
		return StringUtils.hasText(accept) && MediaType.parseMediaTypes(accept)
			.stream()
			.anyMatch(MediaType.TEXT_EVENT_STREAM::equalsTypeAndSubtype);
	}

}
