package io.ssegate.gateway.event;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SseFrameTests {

	@Test
	void eventWithNameWritesIdEventAndData() {
		assertThat(SseFrame.event("1-0", "progress", "50%").text()).isEqualTo("""
				id: 1-0
				event: progress
				data: 50%

				""");
	}

	@Test
	void eventWithoutNameIsADefaultMessage() {
		assertThat(SseFrame.event("1-0", null, "hello").text()).isEqualTo("""
				id: 1-0
				data: hello

				""");
	}

	@Test
	void multiLineDataBecomesOneDataLinePerLineWhateverTheLineBreak() {
		assertThat(SseFrame.event("2-0", null, "a\nb\r\nc\rd").text()).isEqualTo("""
				id: 2-0
				data: a
				data: b
				data: c
				data: d

				""");
	}

	@Test
	void emptyDataStillDispatchesAnEvent() {
		assertThat(SseFrame.event("3-0", "done", "").text()).isEqualTo("""
				id: 3-0
				event: done
				data:\s

				""");
	}

	@Test
	void dataCannotInjectFieldsOrEndTheEventEarly() {
		String text = SseFrame.event("4-0", null, "x\n\nevent: evil\nid: 9-9\ndata: y").text();
		assertThat(text.lines()).filteredOn((line) -> !line.isEmpty())
			.allMatch((line) -> line.startsWith("data: ") || line.equals("id: 4-0"));
		assertThat(text).endsWith("\n\n").doesNotContain("\n\n\n");
		assertThat(text.indexOf("\n\n")).isEqualTo(text.length() - 2);
	}

	@Test
	void lineBreaksInNameOrIdAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> SseFrame.event("1-0", "a\nevent: b", "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> SseFrame.event("1-0", "a\rb", "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> SseFrame.event("1-0\nid: 2-0", null, "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> SseFrame.comment("hi\ndata: x"));
	}

	@Test
	void commentIsIgnoredByClients() {
		assertThat(SseFrame.comment("heartbeat").text()).isEqualTo(": heartbeat\n\n");
	}

	@Test
	void openingFrameSetsRetryAndFlushesAComment() {
		assertThat(SseFrame.open(Duration.ofSeconds(3)).text()).isEqualTo("retry: 3000\n: connected\n\n");
	}

	@Test
	void signalHasNoIdSoLastEventIdDoesNotMove() {
		assertThat(SseFrame.signal("gap", "{\"after\":\"1-0\"}").text()).isEqualTo("""
				event: gap
				data: {"after":"1-0"}

				""");
	}

}
