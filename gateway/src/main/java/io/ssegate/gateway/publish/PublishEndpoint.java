package io.ssegate.gateway.publish;

import java.util.Objects;

import io.ssegate.gateway.broker.EventBroker;
import io.ssegate.gateway.broker.Publication;
import io.ssegate.gateway.broker.Published;
import io.ssegate.gateway.security.AccessGuard;
import io.ssegate.protocol.TaskKeys;
import io.opentelemetry.api.trace.Span;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/tasks/{taskId}/events}, as a Jetty handler in front of the Servlet
 * container: one request costs a fraction of a dispatch through Spring MVC, and no thread
 * waits for Redis (the answer is written when the broker completes). Checks the task id
 * and the publish token before it reads the body; answers 202 with the event id, or a
 * problem detail.
 */
final class PublishEndpoint extends JsonPostHandler {

	private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final EventBroker broker;

	private final AccessGuard guard;

	private final ObjectReader reader;

	private final PublishTracing tracing;

	/**
	 * Create the endpoint.
	 * @param broker stores and delivers the events
	 * @param guard checks publish tokens
	 * @param reader reads {@link PublishRequest}s
	 * @param writers write the answers
	 * @param maxBodyBytes largest body read; a larger one is answered 413 unread
	 * @param tracing makes the publish's span when tracing is on
	 */
	PublishEndpoint(EventBroker broker, AccessGuard guard, ObjectReader reader, PublishAnswer.Writers writers,
			int maxBodyBytes, PublishTracing tracing) {
		super(writers, maxBodyBytes);
		this.broker = broker;
		this.guard = guard;
		this.reader = reader;
		this.tracing = tracing;
	}

	/**
	 * The task API reads the path's events with {@code GET} (see {@code PublishPath}).
	 */
	@Override
	String allowedMethods() {
		return "GET, HEAD, POST";
	}

	@Override
	boolean matches(Request request) {
		return PublishPath.taskId(request) != null;
	}

	@Override
	boolean admits(Request request, PublishAnswer answer) {
		String taskId = String.valueOf(PublishPath.taskId(request));
		try {
			TaskKeys.requireValidTaskId(taskId);
			this.guard.requirePublish(request.getHeaders().get(HttpHeader.AUTHORIZATION), taskId);
			return true;
		}
		catch (IllegalArgumentException ex) {
			answer.problem(HttpStatus.BAD_REQUEST, String.valueOf(ex.getMessage()));
		}
		catch (ResponseStatusException ex) {
			answer.refused(ex);
		}
		return false;
	}

	@Override
	void read(Request request, byte[] body, PublishAnswer answer) {
		String taskId = String.valueOf(PublishPath.taskId(request));
		Publication publication;
		try {
			PublishRequest publish = this.reader.readValue(body);
			publication = new Publication(taskId, publish.event(), publish.data(), publish.status(),
					request.getHeaders().get(IDEMPOTENCY_KEY));
		}
		catch (JacksonException ex) {
			answer.problem(HttpStatus.BAD_REQUEST, "The body is not a publish request: " + ex.getOriginalMessage());
			return;
		}
		catch (IllegalArgumentException ex) {
			answer.problem(HttpStatus.BAD_REQUEST, String.valueOf(ex.getMessage()));
			return;
		}
		Span span = this.tracing.isOn() ? this.tracing.start(request, taskId) : null;
		Publication traced = (span != null) ? publication.withTrace(PublishTracing.contextOf(span)) : publication;
		this.broker.publish(traced).whenComplete((published, failure) -> {
			if (span != null) {
				PublishTracing.end(span, (published != null) ? published.id() : null, failure);
			}
			answer(taskId, published, failure, answer);
		});
	}

	private static void answer(String taskId, @Nullable Published published, @Nullable Throwable failure,
			PublishAnswer answer) {
		if (failure != null) {
			answer.brokerFailed(failure);
		}
		else {
			Published event = Objects.requireNonNull(published);
			answer.accepted(new PublishedEvent(taskId, event.id(), event.receivers()));
		}
	}

}
