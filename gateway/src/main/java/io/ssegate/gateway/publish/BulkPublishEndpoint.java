package io.ssegate.gateway.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.ssegate.gateway.broker.EventBroker;
import io.ssegate.gateway.broker.Publication;
import io.ssegate.gateway.security.AccessGuard;
import io.opentelemetry.api.trace.Span;
import io.ssegate.protocol.TraceContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/events}: many events, of one task or of several, in one request, for
 * services that emit bursts. The request is checked whole before anything is published (a
 * malformed event → 400, one publish token must allow every task → 401/403); then the
 * events are published in list order (a task's events are stored in that order, those of
 * different tasks side by side) and the answer, 200, holds each event's id or the status
 * and detail its own request would have got (409 for an ended task, 413, 503).
 */
final class BulkPublishEndpoint extends JsonPostHandler {

	private final EventBroker broker;

	private final AccessGuard guard;

	private final ObjectReader reader;

	private final int maxEvents;

	private final PublishTracing tracing;

	/**
	 * Create the endpoint.
	 * @param broker stores and delivers the events
	 * @param guard checks publish tokens
	 * @param reader reads {@link BulkPublishRequest}s
	 * @param writers write the answers
	 * @param maxBodyBytes largest body read; a larger one is answered 413 unread
	 * @param maxEvents most events in one request; more are answered 413
	 * @param tracing makes the batch's span when tracing is on
	 */
	BulkPublishEndpoint(EventBroker broker, AccessGuard guard, ObjectReader reader, PublishAnswer.Writers writers,
			int maxBodyBytes, int maxEvents, PublishTracing tracing) {
		super(writers, maxBodyBytes);
		this.broker = broker;
		this.guard = guard;
		this.reader = reader;
		this.maxEvents = maxEvents;
		this.tracing = tracing;
	}

	@Override
	boolean matches(Request request) {
		return PublishPath.isBulk(request);
	}

	/** The token is checked once the body has named the tasks. */
	@Override
	boolean admits(Request request, PublishAnswer answer) {
		return true;
	}

	@Override
	void read(Request request, byte[] body, PublishAnswer answer) {
		List<BulkPublishRequest.Item> items;
		List<Publication> publications;
		try {
			items = items(this.reader.<BulkPublishRequest>readValue(body));
			publications = publications(items);
		}
		catch (JacksonException ex) {
			answer.problem(HttpStatus.BAD_REQUEST,
					"The body is not a bulk publish request: " + ex.getOriginalMessage());
			return;
		}
		catch (IllegalArgumentException ex) {
			answer.problem(HttpStatus.BAD_REQUEST, String.valueOf(ex.getMessage()));
			return;
		}
		catch (TooManyEvents ex) {
			answer.problem(HttpStatus.CONTENT_TOO_LARGE, String.valueOf(ex.getMessage()));
			return;
		}
		try {
			this.guard.requirePublish(request.getHeaders().get(HttpHeader.AUTHORIZATION),
					items.stream().map(BulkPublishRequest.Item::taskId).distinct().toList());
		}
		catch (ResponseStatusException ex) {
			answer.refused(ex);
			return;
		}
		if (this.tracing.isOn()) {
			publishTraced(request, publications, answer);
			return;
		}
		publish(publications, answer, null);
	}

	/**
	 * Publish the events under one batch span, whose context every envelope carries.
	 */
	private void publishTraced(Request request, List<Publication> publications, PublishAnswer answer) {
		Span span = this.tracing.startBatch(request, publications.size());
		TraceContext trace = PublishTracing.contextOf(span);
		publish(publications.stream().map((publication) -> publication.withTrace(trace)).toList(), answer, span);
	}

	private List<BulkPublishRequest.Item> items(BulkPublishRequest bulk) {
		List<BulkPublishRequest.Item> items = bulk.events();
		if (items == null || items.isEmpty()) {
			throw new IllegalArgumentException("events must hold at least one event");
		}
		if (items.size() > this.maxEvents) {
			throw new TooManyEvents("A bulk request holds at most " + this.maxEvents + " events");
		}
		return items;
	}

	/** The events, each checked as its own request would be. */
	private static List<Publication> publications(List<BulkPublishRequest.Item> items) {
		List<Publication> publications = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			BulkPublishRequest.Item item = items.get(i);
			try {
				if (item == null) {
					throw new IllegalArgumentException("an event must be an object");
				}
				publications.add(new Publication(String.valueOf(item.taskId()), item.event(), item.data(),
						item.status(), item.idempotencyKey()));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("events[" + i + "]: " + ex.getMessage(), ex);
			}
		}
		return publications;
	}

	/**
	 * Publish the events and answer once every one is stored or failed; then end the
	 * batch's span, if traced.
	 */
	private void publish(List<Publication> publications, PublishAnswer answer, @Nullable Span batch) {
		List<CompletableFuture<BulkPublished.Result>> results = new ArrayList<>(publications.size());
		for (Publication publication : publications) {
			String taskId = publication.taskId();
			results.add(this.broker.publish(publication)
				.handle((published, failure) -> (failure == null)
						? new BulkPublished.Result(taskId, published.id(), published.receivers(), null, null)
						: failed(taskId, failure)));
		}
		CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenRun(() -> {
			answer.published(new BulkPublished(results.stream().map(CompletableFuture::join).toList()));
			if (batch != null) {
				batch.end();
			}
		});
	}

	private static BulkPublished.Result failed(String taskId, Throwable failure) {
		Throwable cause = PublishAnswer.unwrap(failure);
		HttpStatus status = PublishAnswer.statusOf(cause);
		return new BulkPublished.Result(taskId, null, null,
				((status != null) ? status : HttpStatus.INTERNAL_SERVER_ERROR).value(),
				String.valueOf(cause.getMessage()));
	}

	/** More events than a bulk request may hold. */
	private static final class TooManyEvents extends RuntimeException {

		TooManyEvents(String message) {
			super(message);
		}

	}

}
