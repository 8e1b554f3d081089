package io.ssegate.gateway.stream;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamPropertiesTests {

	@Test
	void theStreamLimitIsMaxStreams() {
		assertThat(properties(null).streamLimit()).isEqualTo(10_000);
	}

	@Test
	void theFormerMaxConnectionsStillSetsTheStreamLimitWhereItIsSet() {
		assertThat(properties(3).streamLimit()).isEqualTo(3);
	}

	@SuppressWarnings("removal")
	private static StreamProperties properties(Integer maxConnections) {
		return new StreamProperties(Duration.ofSeconds(15), Duration.ofHours(1), Duration.ofSeconds(3), 1024, 10_000,
				32, Duration.ofSeconds(5), maxConnections);
	}

}
