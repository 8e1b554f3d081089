package io.ssegate.gateway.stream;

import java.util.Objects;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The headers of every {@code text/event-stream} response of the gateway: the streams,
 * and the short answers that tell an {@code EventSource} to reconnect. No intermediary
 * may cache, buffer or transform them: {@code no-transform} (RFC 9111, section 5.2.2.6)
 * keeps compressing proxies, such as the {@code compression} middleware of the Node.js
 * development servers, from holding a stream back until it ends;
 * {@code X-Accel-Buffering} does the same for nginx.
 */
final class StreamHeaders {

	private static final String CACHE_CONTROL = Objects
		.requireNonNull(CacheControl.noCache().noTransform().getHeaderValue());

	private static final String ACCEL_BUFFERING = "X-Accel-Buffering";

	private StreamHeaders() {
	}

	/**
	 * The headers, new and mutable for each response.
	 * @return {@code Content-Type}, {@code Cache-Control} and {@code X-Accel-Buffering}
	 */
	static HttpHeaders create() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.TEXT_EVENT_STREAM);
		headers.setCacheControl(CACHE_CONTROL);
		headers.set(ACCEL_BUFFERING, "no");
		return headers;
	}

	/**
	 * Set the headers on a response that is written directly, as constants: a stream's
	 * open sets them without building them.
	 * @param response the response, before it is committed
	 */
	static void applyTo(HttpServletResponse response) {
		response.setHeader(HttpHeaders.CONTENT_TYPE, MediaType.TEXT_EVENT_STREAM_VALUE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
		response.setHeader(ACCEL_BUFFERING, "no");
	}

}
