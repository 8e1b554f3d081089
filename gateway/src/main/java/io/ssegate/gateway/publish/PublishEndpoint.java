package io.ssegate.gateway.publish;

import java.util.concurrent.CompletionException;

import io.ssegate.gateway.broker.BrokerException;
import io.ssegate.gateway.broker.BrokerUnavailableException;
import io.ssegate.gateway.broker.EndedTaskException;
import io.ssegate.gateway.broker.EventBroker;
import io.ssegate.gateway.broker.EventTooLargeException;
import io.ssegate.gateway.security.AccessGuard;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.protocol.TaskKeys;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/tasks/{taskId}/events}, as a Jetty handler in front of the Servlet
 * container: one request costs a fraction of a dispatch through Spring MVC, and no thread
 * waits for Redis (the answer is written when the broker completes). Checks the task id,
 * the content type and the publish token before it reads the body; answers 202 with the
 * event id, or a problem detail.
 */
final class PublishEndpoint extends Handler.Abstract {

	private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final EventBroker broker;

	private final AccessGuard guard;

	private final ObjectReader reader;

	private final PublishAnswer.Writers writers;

	private final int maxBodyBytes;

	/**
	 * Create the endpoint.
	 * @param broker stores and delivers the events
	 * @param guard checks publish tokens
	 * @param reader reads {@link PublishRequest}s
	 * @param writers write the answers
	 * @param maxBodyBytes largest body read; a larger one is answered 413 unread
	 */
	PublishEndpoint(EventBroker broker, AccessGuard guard, ObjectReader reader, PublishAnswer.Writers writers,
			int maxBodyBytes) {
		this.broker = broker;
		this.guard = guard;
		this.reader = reader;
		this.writers = writers;
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	public boolean handle(Request request, Response response, Callback callback) {
		PublishAnswer answer = new PublishAnswer(request, response, callback, this.writers);
		String taskId = PublishPath.taskId(request);
		if (taskId == null) {
			return false;
		}
		if (!HttpMethod.POST.is(request.getMethod())) {
			answer.problem(HttpStatus.METHOD_NOT_ALLOWED, "Publish with POST",
					new HttpField(HttpHeader.ALLOW, HttpMethod.POST.asString()));
			return true;
		}
		try {
			TaskKeys.requireValidTaskId(taskId);
		}
		catch (IllegalArgumentException ex) {
			answer.problem(HttpStatus.BAD_REQUEST, ex.getMessage());
			return true;
		}
		if (!isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
			answer.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body must be application/json");
			return true;
		}
		try {
			this.guard.requirePublish(request.getHeaders().get(HttpHeader.AUTHORIZATION), taskId);
		}
		catch (ResponseStatusException ex) {
			answer.problem(HttpStatus.valueOf(ex.getStatusCode().value()), String.valueOf(ex.getReason()), ex
				.getHeaders()
				.headerSet()
				.stream()
				.flatMap((header) -> header.getValue().stream().map((value) -> new HttpField(header.getKey(), value)))
				.toArray(HttpField[]::new));
			return true;
		}
		if (request.getLength() > this.maxBodyBytes) {
			answer.problem(HttpStatus.CONTENT_TOO_LARGE, tooLarge());
			return true;
		}
		String idempotencyKey = request.getHeaders().get(IDEMPOTENCY_KEY);
		Content.Source.asByteArrayAsync(request, this.maxBodyBytes,
				Promise.Invocable.from(InvocationType.NON_BLOCKING,
						(byte[] body) -> publish(taskId, body, idempotencyKey, answer),
						(Throwable failure) -> unread(failure, answer)));
		return true;
	}

	private void publish(String taskId, byte[] body, @Nullable String idempotencyKey, PublishAnswer answer) {
		NotifyEvent event;
		try {
			PublishRequest request = this.reader.readValue(body);
			event = new NotifyEvent(request.event(), request.data(), request.status(), idempotencyKey);
		}
		catch (JacksonException ex) {
			answer.problem(HttpStatus.BAD_REQUEST, "The body is not a publish request: " + ex.getOriginalMessage());
			return;
		}
		catch (IllegalArgumentException ex) {
			answer.problem(HttpStatus.BAD_REQUEST, String.valueOf(ex.getMessage()));
			return;
		}
		this.broker.publish(taskId, event).whenComplete((id, failure) -> {
			if (failure == null) {
				answer.accepted(new PublishedEvent(taskId, id));
			}
			else {
				brokerFailed(
						(failure instanceof CompletionException ex && ex.getCause() != null) ? ex.getCause() : failure,
						answer);
			}
		});
	}

	private static void brokerFailed(Throwable failure, PublishAnswer answer) {
		switch (failure) {
			case EventTooLargeException ex -> answer.problem(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
			case EndedTaskException ex -> answer.problem(HttpStatus.CONFLICT, ex.getMessage());
			case BrokerUnavailableException ex -> answer.unavailable(ex.getMessage());
			case BrokerException ex -> answer.problem(HttpStatus.INTERNAL_SERVER_ERROR, ex.getMessage());
			default -> answer.failed(failure);
		}
	}

	/**
	 * The body could not be read: larger than the limit (without a {@code Content-Length}
	 * that said so), or the client went away.
	 */
	private void unread(Throwable failure, PublishAnswer answer) {
		// Jetty's reader fails with "Max size (...) exceeded" at the limit.
		if (failure instanceof IllegalStateException) {
			answer.problem(HttpStatus.CONTENT_TOO_LARGE, tooLarge());
		}
		else {
			answer.failed(failure);
		}
	}

	private String tooLarge() {
		return "The body is larger than " + this.maxBodyBytes + " bytes";
	}

	/**
	 * Like Spring MVC's JSON converter: {@code application/json} or
	 * {@code application/*+json}.
	 */
	private static boolean isJson(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
					|| ("application".equals(type.getType()) && "json".equals(type.getSubtypeSuffix()));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}
