package com.example.export;

import java.util.Map;

import io.ssegate.compat.RedisServer;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifyEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Runs where no Jackson is on the classpath (see the surefire execution
 * {@code without-jackson}).
 */
class WithoutJacksonTests {

	private static RedisServer redis;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() throws InterruptedException {
		redis.close();
	}

	@Test
	void noJacksonIsOnTheClasspath() {
		assertThat(ClassPresence.isPresent("com.fasterxml.jackson.databind.ObjectMapper")).isFalse();
		assertThat(ClassPresence.isPresent("tools.jackson.databind.ObjectMapper")).isFalse();
	}

	@Test
	void stringsArePublishedAsTheyAre() {
		try (Notifier notifier = Notifier.create(redis.url())) {
			notifier.publish("export-1", NotifyEvent.named("log", "step 3 \"done\""));
			notifier.complete("export-1", "{\"downloadUrl\":\"https://example.com/export.csv\"}");
		}

		assertThat(HistoryReader.envelopes(redis.url(), "export-1")).satisfiesExactly(
				(log) -> assertThat(log).contains("\"event\":\"log\",\"data\":\"step 3 \\\"done\\\"\""),
				(completed) -> assertThat(completed).contains("\"terminal\":true"));
	}

	@Test
	void withoutOpenTelemetryPublishesAreUntraced() {
		assertThat(ClassPresence.isPresent("io.opentelemetry.api.OpenTelemetry")).isFalse();
		try (Notifier notifier = Notifier.create(redis.url())) {
			notifier.publish("export-3", NotifyEvent.of("step 1"));
		}

		assertThat(HistoryReader.envelopes(redis.url(), "export-3")).singleElement()
			.satisfies((envelope) -> assertThat(envelope).doesNotContain("traceparent").doesNotContain("tracestate"));
	}

	@Test
	void otherDataIsRefusedSayingWhatToDo() {
		try (Notifier notifier = Notifier.create(redis.url())) {
			assertThatIllegalArgumentException().isThrownBy(() -> notifier.progress("export-2", Map.of("percent", 50)))
				.withMessageContaining("publish a String");
		}
	}

}
