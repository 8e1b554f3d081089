package io.ssegate.gateway.stream;

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

	private StreamHeaders() {
	}

	/**
	 * The headers, new and mutable for each response.
	 * @return {@code Content-Type}, {@code Cache-Control} and {@code X-Accel-Buffering}
	 */
	static HttpHeaders create() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.TEXT_EVENT_STREAM);
		headers.setCacheControl(CacheControl.noCache().noTransform());
		headers.set("X-Accel-Buffering", "no");
		return headers;
	}

	/**
	 * Set the headers on a response that is written directly.
	 * @param response the response, before it is committed
	 */
	static void applyTo(HttpServletResponse response) {
		create().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
	}

}
