package io.ssegate.gateway.stream;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.ssegate.gateway.support.SseStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Streams end after {@code ssegate.stream.timeout}; the client then reconnects and
 * resumes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "ssegate.security.anonymous=true",
		"ssegate.stream.timeout=1s", "ssegate.stream.heartbeat-interval=10s" })
class StreamTimeoutIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	StreamRegistry registry;

	@Autowired
	MeterRegistry meters;

	@Test
	void streamIsCompletedAndRemovedWhenItTimesOut() {
		SseStream stream = SseStream.open("http://localhost:" + this.port, "slow-task");
		assertThat(this.registry.streamCount()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(stream::isCompleted);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.streamCount() == 0);
		assertThat(this.meters.get("ssegate.streams.closed").tag("reason", "timeout").counter().count()).isOne();
	}

}
