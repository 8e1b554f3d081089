package io.ssegate.gateway.publish;

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

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * A {@code POST} of a JSON body to one path of the publish API, as a Jetty handler:
 * checks the method, the content type and what the subclass checks before the body is
 * read, then reads the body (at most a limit) without blocking and hands it over. Every
 * answer goes through a {@link PublishAnswer}.
 */
abstract class JsonPostHandler extends Handler.Abstract {

	private final PublishAnswer.Writers writers;

	private final int maxBodyBytes;

	/**
	 * Create the handler.
	 * @param writers write the answers
	 * @param maxBodyBytes largest body read; a larger one is answered 413 unread
	 */
	JsonPostHandler(PublishAnswer.Writers writers, int maxBodyBytes) {
		this.writers = writers;
		this.maxBodyBytes = maxBodyBytes;
	}

	/**
	 * The methods of this handler's path, for a {@code 405}'s {@code Allow}.
	 * @return the methods, comma-separated
	 */
	String allowedMethods() {
		return HttpMethod.POST.asString();
	}

	@Override
	public final boolean handle(Request request, Response response, Callback callback) {
		if (!matches(request)) {
			return false;
		}
		PublishAnswer answer = new PublishAnswer(request, response, callback, this.writers);
		if (!HttpMethod.POST.is(request.getMethod())) {
			answer.problem(HttpStatus.METHOD_NOT_ALLOWED, "Publish with POST",
					new HttpField(HttpHeader.ALLOW, allowedMethods()));
		}
		else if (!isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
			answer.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body must be application/json");
		}
		else if (request.getLength() > this.maxBodyBytes) {
			answer.problem(HttpStatus.CONTENT_TOO_LARGE, tooLarge());
		}
		else if (admits(request, answer)) {
			Content.Source.asByteArrayAsync(request, this.maxBodyBytes,
					Promise.Invocable.from(InvocationType.NON_BLOCKING, (byte[] body) -> read(request, body, answer),
							(Throwable failure) -> unread(failure, answer)));
		}
		return true;
	}

	/**
	 * Whether the request is for this handler's path.
	 * @param request the request
	 * @return {@code true} to handle it
	 */
	abstract boolean matches(Request request);

	/**
	 * Check the request before its body is read.
	 * @param request the request
	 * @param answer the answer, to refuse the request with
	 * @return {@code true} to read the body, {@code false} when the request was answered
	 */
	abstract boolean admits(Request request, PublishAnswer answer);

	/**
	 * Handle the body.
	 * @param request the request
	 * @param body the body
	 * @param answer the answer
	 */
	abstract void read(Request request, byte[] body, PublishAnswer answer);

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
