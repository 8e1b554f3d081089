package io.ssegate.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTests {

	private final List<String> events = new ArrayList<>();

	private final SseParser parser = new SseParser(
			(data, length) -> this.events.add(new String(data, 0, length, StandardCharsets.UTF_8)));

	@Test
	void dispatchesEventsAndSkipsComments() {
		feed("""
				retry: 3000
				: connected

				id: 1-0
				event: progress
				data: first

				: heartbeat

				id: 1-1
				data: second

				""");
		assertThat(this.events).containsExactly("first", "second");
		assertThat(this.parser.lastEventId()).isEqualTo("1-1");
		assertThat(this.parser.comments()).isEqualTo(2);
	}

	@Test
	void joinsDataLinesAndHandlesEveryLineEnding() {
		feed("data: a\r\ndata:b\rdata:  c\n\r\n");
		assertThat(this.events).containsExactly("a\nb\n c");
	}

	@Test
	void readsEventsSplitAnywhere() {
		String stream = "id: 7-3\r\ndata: 12.3.456.xxxx\r\n\r\nid: 7-4\r\ndata: 12.4.789.xxxx\r\n\r\n";
		byte[] bytes = stream.getBytes(StandardCharsets.US_ASCII);
		for (int split = 0; split < bytes.length; split++) {
			this.events.clear();
			this.parser.accept(bytes, 0, split);
			this.parser.accept(bytes, split, bytes.length - split);
			assertThat(this.events).as("split at %d", split).containsExactly("12.3.456.xxxx", "12.4.789.xxxx");
		}
	}

	@Test
	void anEventWithoutDataIsNotDispatched() {
		feed("event: ping\nid: 9-9\n\n");
		assertThat(this.events).isEmpty();
		assertThat(this.parser.lastEventId()).isEqualTo("9-9");
	}

	@Test
	void keepsTheLastEventIdAcrossConnections() {
		feed("id: 5-0\ndata: x\n\ndata: partial");
		this.parser.resetForNewConnection();
		feed("\n\n");
		assertThat(this.events).containsExactly("x");
		assertThat(this.parser.lastEventId()).isEqualTo("5-0");
	}

	@Test
	void keepsTheLastValidRetryAcrossConnectionsAndIgnoresOthers() {
		assertThat(this.parser.retryMillis()).isEqualTo(-1);
		feed("retry: 3000\n\n");
		assertThat(this.parser.retryMillis()).isEqualTo(3000);
		feed("retry: 12x\nretry:\n\n");
		assertThat(this.parser.retryMillis()).isEqualTo(3000);
		this.parser.resetForNewConnection();
		feed(": busy\n\nretry: 742\n\n");
		assertThat(this.parser.retryMillis()).isEqualTo(742);
	}

	private void feed(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		this.parser.accept(bytes, 0, bytes.length);
	}

}
