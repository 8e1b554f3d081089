package io.ssegate.notifier;

import java.util.Map;

import io.ssegate.protocol.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NotifyEventTests {

	@Test
	void progressIsARunningProgressEvent() {
		NotifyEvent event = NotifyEvent.progress(Map.of("percent", 50));

		assertThat(event).isEqualTo(new NotifyEvent("progress", Map.of("percent", 50), TaskStatus.RUNNING, null));
		assertThat(event.isTerminal()).isFalse();
	}

	@Test
	void completedEndsTheTask() {
		NotifyEvent event = NotifyEvent.completed("https://example.com/export.csv");

		assertThat(event)
			.isEqualTo(new NotifyEvent("completed", "https://example.com/export.csv", TaskStatus.END, null));
		assertThat(event.isTerminal()).isTrue();
	}

	@Test
	void failedEndsTheTaskWithError() {
		NotifyEvent event = NotifyEvent.failed("disk full");

		assertThat(event).isEqualTo(new NotifyEvent("failed", "disk full", TaskStatus.ERROR, null));
		assertThat(event.isTerminal()).isTrue();
	}

	@Test
	void ofIsADefaultMessageEventWithoutStatus() {
		NotifyEvent event = NotifyEvent.of("hello");

		assertThat(event).isEqualTo(new NotifyEvent(null, "hello", null, null));
		assertThat(event.isTerminal()).isFalse();
	}

	@Test
	void namedHasTheGivenNameAndNoStatus() {
		assertThat(NotifyEvent.named("log", "step 3")).isEqualTo(new NotifyEvent("log", "step 3", null, null));
	}

	@Test
	void dataMayBeNull() {
		assertThat(NotifyEvent.progress(null).data()).isNull();
	}

	@Test
	void withersReturnChangedCopies() {
		NotifyEvent event = NotifyEvent.named("log", "x");

		assertThat(event.withIdempotencyKey("step-3")).isEqualTo(new NotifyEvent("log", "x", null, "step-3"));
		assertThat(event.withStatus(TaskStatus.END).isTerminal()).isTrue();
		assertThat(event.idempotencyKey()).isNull();
		assertThat(event.status()).isNull();
	}

	@Test
	void acceptsCustomUpperCaseStatusesThatDoNotEndTheTask() {
		NotifyEvent event = NotifyEvent.named("queued", null).withStatus("QUEUED_2");

		assertThat(event.status()).isEqualTo("QUEUED_2");
		assertThat(event.isTerminal()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a b", "a\nb", "a\r\nb", "done\r", "\u00fcber",
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
	void rejectsInvalidNames(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> NotifyEvent.named(name, null));
	}

	@Test
	void acceptsNamesUpTo64Characters() {
		assertThat(NotifyEvent.named("x".repeat(64), null).name()).hasSize(64);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "running", "1UP", "A B", "END\n", "SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS" })
	void rejectsInvalidStatuses(String status) {
		assertThatIllegalArgumentException().isThrownBy(() -> NotifyEvent.of(null).withStatus(status));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a b", "k\n", "k\r\n", "{k}", "k/1", "\u00e9" })
	void rejectsInvalidIdempotencyKeys(String key) {
		assertThatIllegalArgumentException().isThrownBy(() -> NotifyEvent.progress(1).withIdempotencyKey(key));
	}

	@Test
	void acceptsIdempotencyKeysUpTo128Characters() {
		assertThat(NotifyEvent.of(null).withIdempotencyKey("k".repeat(128)).idempotencyKey()).hasSize(128);
		assertThatIllegalArgumentException().isThrownBy(() -> NotifyEvent.of(null).withIdempotencyKey("k".repeat(129)));
	}

}
