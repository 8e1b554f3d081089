package io.ssegate.gateway.publish;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;

import io.ssegate.gateway.broker.BrokerException;
import io.ssegate.gateway.broker.BrokerFailures;
import io.ssegate.gateway.system.ProblemResponses;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectWriter;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ResponseStatusException;

/**
 * Writes the one answer of a publish request, JSON or an RFC 9457 problem, and records it
 * in the metrics.
 */
final class PublishAnswer {

	private final Request request;

	private final Response response;

	private final Callback callback;

	private final Writers writers;

	private final long startNanos;

	PublishAnswer(Request request, Response response, Callback callback, Writers writers) {
		this.request = request;
		this.response = response;
		this.callback = callback;
		this.writers = writers;
		this.startNanos = System.nanoTime();
	}

	/**
	 * 202 with the stored event's id.
	 * @param event the answer's body
	 */
	void accepted(PublishedEvent event) {
		write(HttpStatus.ACCEPTED, MediaType.APPLICATION_JSON_VALUE, this.writers.event().writeValueAsBytes(event));
	}

	/**
	 * 200 with the outcome of each event of a bulk request.
	 * @param published the answer's body
	 */
	void published(BulkPublished published) {
		write(HttpStatus.OK, MediaType.APPLICATION_JSON_VALUE, this.writers.bulk().writeValueAsBytes(published));
	}

	/**
	 * The access guard refused the request (401 with its challenge, or 403).
	 * @param refusal the guard's refusal
	 */
	void refused(ResponseStatusException refusal) {
		problem(HttpStatus.valueOf(refusal.getStatusCode().value()), String.valueOf(refusal.getReason()), refusal
			.getHeaders()
			.headerSet()
			.stream()
			.flatMap((header) -> header.getValue().stream().map((value) -> new HttpField(header.getKey(), value)))
			.toArray(HttpField[]::new));
	}

	/**
	 * The broker did not store the event: its problem detail, or a failed request when
	 * the failure is not the broker's.
	 * @param failure how the broker's publish failed
	 */
	void brokerFailed(Throwable failure) {
		Throwable cause = unwrap(failure);
		HttpStatus status = statusOf(cause);
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			unavailable(String.valueOf(cause.getMessage()));
		}
		else if (status != null) {
			problem(status, String.valueOf(cause.getMessage()));
		}
		else {
			failed(cause);
		}
	}

	/**
	 * The status that answers a failure of the broker's publish.
	 * @param failure the failure, unwrapped
	 * @return the status, or {@code null} when the failure is not the broker's
	 */
	static @Nullable HttpStatus statusOf(Throwable failure) {
		return (failure instanceof BrokerException ex) ? BrokerFailures.status(ex) : null;
	}

	/**
	 * The failure a future completed with, without its {@link CompletionException}.
	 * @param failure the failure
	 * @return its cause when it wraps one
	 */
	static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException ex && ex.getCause() != null) ? ex.getCause() : failure;
	}

	/**
	 * A problem detail.
	 * @param status the status
	 * @param detail what went wrong
	 * @param headers more headers of the answer
	 */
	void problem(HttpStatus status, String detail, HttpField... headers) {
		for (HttpField header : headers) {
			this.response.getHeaders().put(header);
		}
		Problem problem = new Problem("about:blank", status.getReasonPhrase(), status.value(), detail,
				this.request.getHttpURI().getPath());
		write(status, MediaType.APPLICATION_PROBLEM_JSON_VALUE, this.writers.problem().writeValueAsBytes(problem));
	}

	/**
	 * 503 with {@code Retry-After}: try again later, here or on another node.
	 * @param detail why
	 */
	void unavailable(String detail) {
		problem(HttpStatus.SERVICE_UNAVAILABLE, detail,
				new HttpField(HttpHeader.RETRY_AFTER, ProblemResponses.RETRY_AFTER_SECONDS));
	}

	/**
	 * The request failed below HTTP (the client went away while it was read).
	 * @param failure why
	 */
	void failed(Throwable failure) {
		this.callback.failed(failure);
	}

	private void write(HttpStatus status, String contentType, byte[] body) {
		this.response.setStatus(status.value());
		this.response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
		this.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
		this.writers.metrics().answered(status.value(), System.nanoTime() - this.startNanos);
		this.response.write(true, ByteBuffer.wrap(body), this.callback);
	}

	/**
	 * What every answer shares.
	 *
	 * @param event writes the 202's body
	 * @param bulk writes the answers of bulk requests
	 * @param problem writes problem details
	 * @param metrics records the answers
	 */
	record Writers(ObjectWriter event, ObjectWriter bulk, ObjectWriter problem, PublishMeters metrics) {

	}

}
