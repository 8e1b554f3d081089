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
 * stream. Registered outermost, so it runs once every other filter and the dispatcher
 * have returned; the container's own attributes stay.
 */
final class StreamRequestTrimmer implements Filter {

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		chain.doFilter(request, response);
		if (request.isAsyncStarted()) {
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
