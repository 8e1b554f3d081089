package io.ssegate.notifier;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NotifierOptionsTests {

	@Test
	void createHasTheDocumentedDefaults() {
		NotifierOptions options = NotifierOptions.create();

		assertThat(options.keyPrefix()).isEqualTo("ssegate:");
		assertThat(options.historyMaxLength()).isEqualTo(1000).isEqualTo(NotifierOptions.DEFAULT_HISTORY_MAX_LENGTH);
		assertThat(options.historyTtl()).isEqualTo(Duration.ofHours(24)).isEqualTo(NotifierOptions.DEFAULT_HISTORY_TTL);
		assertThat(options.idempotencyTtl()).isEqualTo(Duration.ofHours(24))
			.isEqualTo(NotifierOptions.DEFAULT_IDEMPOTENCY_TTL);
		assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(5)).isEqualTo(NotifierOptions.DEFAULT_TIMEOUT);
		assertThat(options.maxPayloadBytes()).isEqualTo(65536).isEqualTo(NotifierOptions.DEFAULT_MAX_PAYLOAD_BYTES);
		assertThat(options.dataSerializer()).isSameAs(EventDataSerializer.fromClasspath());
	}

	@Test
	void builderStartsFromTheDefaults() {
		assertThat(NotifierOptions.builder().build()).isEqualTo(NotifierOptions.create());
	}

	@Test
	void mutateChangesOnlyWhatIsSet() {
		EventDataSerializer serializer = (data) -> "{}";
		NotifierOptions custom = new NotifierOptions("app:", 10, Duration.ofMinutes(5), Duration.ofMinutes(1),
				Duration.ofMillis(500), 1024, serializer, PublishTracer.none());

		NotifierOptions mutated = custom.mutate().historyMaxLength(20).build();

		assertThat(mutated).isEqualTo(new NotifierOptions("app:", 20, Duration.ofMinutes(5), Duration.ofMinutes(1),
				Duration.ofMillis(500), 1024, serializer, PublishTracer.none()));
		assertThat(custom.historyMaxLength()).isEqualTo(10);
		assertThat(custom.mutate().build()).isEqualTo(custom);
	}

	@Test
	void rejectsInvalidKeyPrefix() {
		assertThatIllegalArgumentException().isThrownBy(() -> NotifierOptions.builder().keyPrefix("my app").build());
		assertThatIllegalArgumentException().isThrownBy(() -> NotifierOptions.builder().keyPrefix("{x}").build());
	}

	@Test
	void rejectsHistoryMaxLengthBelowOne() {
		assertThat(NotifierOptions.builder().historyMaxLength(1).build().historyMaxLength()).isOne();
		assertThatIllegalArgumentException().isThrownBy(() -> NotifierOptions.builder().historyMaxLength(0).build());
		assertThatIllegalArgumentException().isThrownBy(() -> NotifierOptions.builder().historyMaxLength(-1).build());
	}

	@Test
	void rejectsTimesToLiveBelowOneSecond() {
		assertThat(NotifierOptions.builder().historyTtl(Duration.ofSeconds(1)).build().historyTtl())
			.isEqualTo(Duration.ofSeconds(1));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NotifierOptions.builder().historyTtl(Duration.ofMillis(999)).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NotifierOptions.builder().historyTtl(Duration.ofSeconds(-5)).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NotifierOptions.builder().idempotencyTtl(Duration.ZERO).build());
	}

	@Test
	void rejectsTimeoutBelowOneMillisecond() {
		assertThat(NotifierOptions.builder().timeout(Duration.ofMillis(1)).build().timeout())
			.isEqualTo(Duration.ofMillis(1));
		assertThatIllegalArgumentException().isThrownBy(() -> NotifierOptions.builder().timeout(Duration.ZERO).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NotifierOptions.builder().timeout(Duration.ofNanos(999_999)).build());
	}

	@Test
	void rejectsMaxPayloadBytesBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> NotifierOptions.builder().maxPayloadBytes(0).build());
	}

}
