package io.ssegate.gateway.stream;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Drops the request attributes a started stream no longer needs. The dispatch to the
 * stream endpoint leaves about 2 KiB of them on the request (handler, paths, URI
 * variables, flash map, async manager), and a stream's request lives as long as the
 * stream. Registered first, so it runs once the dispatcher (and Spring's filters) have
 * returned; only for streams the endpoint started (not for Spring-managed asynchronous
 * requests, which need their attributes for the dispatch back); the container's own
 * attributes stay.
 */
final class StreamRequestTrimmer implements Filter {

	/** Set by the stream endpoint on a request whose stream it started. */
	static final String STREAM_STARTED = StreamRequestTrimmer.class.getName() + ".STARTED";

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		chain.doFilter(request, response);
		if (request.isAsyncStarted() && request.getAttribute(STREAM_STARTED) != null) {
			for (String name : Collections.list(request.getAttributeNames())) {
				if (!isContainerAttribute(name)) {
					request.removeAttribute(name);
				}
			}
		}
	}

	private static boolean isContainerAttribute(String name) {
		return name.startsWith("jakarta.") || name.startsWith("org.eclipse.jetty.");
	}

}
