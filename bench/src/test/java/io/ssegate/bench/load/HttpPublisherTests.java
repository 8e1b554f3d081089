package io.ssegate.bench.load;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpPublisherTests {

	@Test
	void jsonRequestIsSsegatesPublishApi() {
		Endpoint endpoint = Endpoint.parse("http://127.0.0.1:8080/api/tasks/{task}/events");
		String request = new String(HttpPublisher.Format.JSON.request(endpoint, "t-1", "1.2.3."),
				StandardCharsets.UTF_8);
		assertThat(request).isEqualTo("""
				POST /api/tasks/t-1/events HTTP/1.1\r
				Host: 127.0.0.1:8080\r
				Content-Type: application/json\r
				Content-Length: 29\r
				\r
				{"event":"e","data":"1.2.3."}""");
	}

	@Test
	void textRequestIsNchansPublisherWithTheEventNameInAHeader() {
		Endpoint endpoint = Endpoint.parse("http://localhost:9000/pub/{task}");
		String request = new String(HttpPublisher.Format.TEXT.request(endpoint, "t-1", "1.2.3."),
				StandardCharsets.UTF_8);
		assertThat(request).isEqualTo("""
				POST /pub/t-1 HTTP/1.1\r
				Host: localhost:9000\r
				Content-Type: text/plain\r
				X-EventSource-Event: e\r
				Content-Length: 6\r
				\r
				1.2.3.""");
	}

}
