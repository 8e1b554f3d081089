package io.ssegate.gateway.stream;

import java.io.IOException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices at once that the client of a stream hung up. Jetty reads an HTTP/1 connection
 * only while it expects request content, so once a stream's request is read nothing reads
 * its socket, and a client's FIN went unnoticed until a write failed: the first write
 * after a FIN succeeds (the peer answers it with a reset), so that took two heartbeats.
 * The watch asks Jetty to call it back when the socket is readable, as Jetty does for
 * request content, and reads then: the end of input, a reset, or bytes the client had no
 * reason to send (another request, before this response ends) end the stream and close
 * the connection, as nginx ends a request whose client closes its side. No thread waits:
 * Jetty's selector watches the socket, and the callback runs only when the client does
 * something.
 * <p>
 * HTTP/1 only: Jetty always reads an HTTP/2 connection, and a reset stream fails its
 * request. A watched connection is not reused after its stream ends (Jetty closes a
 * connection that still has a read pending when its response completes), so the response
 * says {@code Connection: close}, and a proxy does not keep it for another request.
 */
final class HangupWatch implements Callback {

	private static final Logger logger = LoggerFactory.getLogger(HangupWatch.class);

	private final EndPoint endPoint;

	private final Runnable hungUp;

	private HangupWatch(EndPoint endPoint, Runnable hungUp) {
		this.endPoint = endPoint;
		this.hungUp = hungUp;
	}

	/**
	 * Watch the connection of a stream, if it is one of Jetty's HTTP/1 connections and
	 * the stream's request has no content, so that what the connection reads next can
	 * only be the client's hangup. Call before the response is committed, holding no lock
	 * that {@code hungUp} takes.
	 * @param context the stream's asynchronous context
	 * @param hungUp what to run, once, on a thread of the container, when the client
	 * hangs up
	 */
	static void watch(AsyncContext context, Runnable hungUp) {
		EndPoint endPoint = http1EndPointWithoutContent(context.getRequest());
		if (endPoint == null) {
			return;
		}
		if (context.getResponse() instanceof HttpServletResponse response) {
			response.setHeader(HttpHeader.CONNECTION.asString(), HttpHeaderValue.CLOSE.asString());
		}
		endPoint.tryFillInterested(new HangupWatch(endPoint, hungUp));
	}

	private static @Nullable EndPoint http1EndPointWithoutContent(ServletRequest servletRequest) {
		Request request;
		try {
			request = ServletContextRequest.getServletContextRequest(servletRequest);
		}
		catch (IllegalStateException ex) {
			return null; // Not a request of Jetty's.
		}
		HttpVersion version = request.getConnectionMetaData().getHttpVersion();
		if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
			return null;
		}
		if (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
			return null; // Reading would take its content.
		}
		Connection connection = request.getConnectionMetaData().getConnection();
		return (connection != null) ? connection.getEndPoint() : null;
	}

	@Override
	public void succeeded() {
		int filled;
		try {
			filled = this.endPoint.fill(BufferUtil.allocate(1));
		}
		catch (IOException ex) {
			filled = -1;
		}
		if (filled == 0) {
			// Woken with nothing to read (a TLS record without data): wait again.
			this.endPoint.tryFillInterested(this);
			return;
		}
		logger.debug("The client of a stream hung up ({})", (filled < 0) ? "end of input" : "unexpected bytes");
		try {
			this.hungUp.run();
		}
		finally {
			this.endPoint.getConnection().close();
		}
	}

	@Override
	public void failed(Throwable failure) {
		// The connection closed: its response completed, or a write failed and ends the
		// stream itself. Not hungUp here: a failed write may close the connection on the
		// writing thread, under the writer's lock.
	}

	@Override
	public InvocationType getInvocationType() {
		// Ending a stream completes its response and releases its task.
		return InvocationType.BLOCKING;
	}

}
