package io.ssegate.gateway.stream;

import java.util.Collections;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class StreamRequestTrimmerTests {

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/sse/register");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@BeforeEach
	void setUp() {
		this.request.setAsyncSupported(true);
		this.request.setAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingHandler", "handler");
		this.request.setAttribute("jakarta.servlet.async.request_uri", "/sse/register");
		this.request.setAttribute("org.eclipse.jetty.server.internal", "container");
	}

	@Test
	void startedStreamKeepsOnlyTheContainersAttributes() throws Exception {
		new StreamRequestTrimmer().doFilter(this.request, this.response, new MockFilterChain() {

			@Override
			public void doFilter(ServletRequest request, ServletResponse response) {
				request.setAttribute(StreamRequestTrimmer.STREAM_STARTED, Boolean.TRUE);
				request.startAsync();
			}

		});
		assertThat(Collections.list(this.request.getAttributeNames()))
			.containsExactlyInAnyOrder("jakarta.servlet.async.request_uri", "org.eclipse.jetty.server.internal");
	}

	@Test
	void asynchronousRequestOfSpringKeepsEveryAttribute() throws Exception {
		new StreamRequestTrimmer().doFilter(this.request, this.response, new MockFilterChain() {

			@Override
			public void doFilter(ServletRequest request, ServletResponse response) {
				request.startAsync();
			}

		});
		assertThat(Collections.list(this.request.getAttributeNames())).hasSize(3);
	}

	@Test
	void responseThatIsNotAStreamKeepsEveryAttribute() throws Exception {
		new StreamRequestTrimmer().doFilter(this.request, this.response, new MockFilterChain());
		assertThat(Collections.list(this.request.getAttributeNames())).hasSize(3);
	}

}
