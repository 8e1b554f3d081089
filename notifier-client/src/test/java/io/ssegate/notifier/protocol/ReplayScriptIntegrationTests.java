package io.ssegate.notifier.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierOptions;
import io.ssegate.testing.redis.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReplayScriptIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	private final TaskKeys keys = TaskKeys.withDefaultPrefix();

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	private Notifier notifier;

	@BeforeEach
	void connect() {
		this.client = RedisClient.create(redis.uri());
		this.connection = this.client.connect(StringCodec.UTF8);
		this.notifier = Notifier.create(this.client, NotifierOptions.builder().historyMaxLength(5).build());
	}

	@AfterEach
	void close() {
		this.notifier.close();
		this.connection.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

	@Test
	void withoutIdReturnsTheWholeHistory() throws Exception {
		List<String> ids = publish("42", 3);

		HistoryReplay replay = replay("42", "");

		assertThat(replay.gap()).isFalse();
		assertThat(replay.finalId()).isNull();
		assertThat(ids(replay)).containsExactlyElementsOf(ids);
	}

	@Test
	void afterAnIdInTheMiddleReturnsTheRest() throws Exception {
		List<String> ids = publish("42", 4);

		HistoryReplay replay = replay("42", ids.get(1));

		assertThat(replay.gap()).isFalse();
		assertThat(ids(replay)).containsExactly(ids.get(2), ids.get(3));
		assertThat(this.codec.decode(replay.entries().get(0).envelopeJson()).data().asInt()).isEqualTo(2);
	}

	@Test
	void afterTheLastIdReturnsNothing() throws Exception {
		List<String> ids = publish("42", 3);

		HistoryReplay replay = replay("42", ids.get(2));

		assertThat(replay.gap()).isFalse();
		assertThat(replay.entries()).isEmpty();
	}

	@Test
	void reportsAGapWhenAnEventAfterTheIdWasTrimmed() throws Exception {
		List<String> ids = publish("42", 8);

		HistoryReplay replay = replay("42", ids.get(1));

		assertThat(replay.gap()).isTrue();
		assertThat(ids(replay)).containsExactlyElementsOf(ids.subList(3, 8));
	}

	@Test
	void reportsNoGapWhenOnlyEventsUpToTheIdWereTrimmed() throws Exception {
		List<String> ids = publish("42", 8);

		assertThat(replay("42", ids.get(2)).gap()).isFalse();
		assertThat(ids(replay("42", ids.get(2)))).containsExactlyElementsOf(ids.subList(3, 8));
		assertThat(replay("42", ids.get(5)).gap()).isFalse();
	}

	@Test
	void wholeHistoryOfATrimmedStreamReportsNoGap() throws Exception {
		List<String> ids = publish("42", 8);

		HistoryReplay replay = replay("42", "");

		assertThat(replay.gap()).isFalse();
		assertThat(ids(replay)).containsExactlyElementsOf(ids.subList(3, 8));
	}

	@Test
	void finalIdIsSetOnceTheTaskEnded() throws Exception {
		List<String> ids = publish("42", 2);
		assertThat(replay("42", ids.get(0)).finalId()).isNull();

		String endId = this.notifier.complete("42", "done");

		HistoryReplay replay = replay("42", ids.get(0));
		assertThat(replay.finalId()).isEqualTo(EventId.parse(endId));
		assertThat(ids(replay)).containsExactly(ids.get(1), endId);
		assertThat(replay("42", endId).finalId()).isEqualTo(EventId.parse(endId));
		assertThat(replay("42", endId).entries()).isEmpty();
	}

	@Test
	void finalIdIsSetForAFailedTask() throws Exception {
		String failedId = this.notifier.fail("42", "disk full");

		assertThat(replay("42", "").finalId()).isEqualTo(EventId.parse(failedId));
	}

	@Test
	void missingHistoryAfterAnIdIsAGap() throws Exception {
		HistoryReplay replay = replay("42", "1700000000000-0");

		assertThat(replay.gap()).isTrue();
		assertThat(replay.finalId()).isNull();
		assertThat(replay.entries()).isEmpty();
	}

	@Test
	void historyThatExpiredAndBeganAgainIsAGapForAnOldId() throws Exception {
		String oldId = publish("42", 2).get(1);
		redis.commands().del(this.keys.history("42"));
		// A history expires a day after its last event; here, only make sure the clock
		// moved on.
		await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > EventId.parse(oldId).millis());
		List<String> newIds = publish("42", 2);

		HistoryReplay replay = replay("42", oldId);

		assertThat(replay.gap()).isTrue();
		assertThat(replay.entries()).extracting((entry) -> entry.id().toString()).containsExactlyElementsOf(newIds);
	}

	@Test
	void missingHistoryWithoutIdIsNoGap() throws Exception {
		HistoryReplay replay = replay("42", "");

		assertThat(replay.gap()).isFalse();
		assertThat(replay.entries()).isEmpty();
	}

	@Test
	void returnsAtMostTheRequestedNumberOfEntries() throws Exception {
		List<String> ids = publish("42", 4);

		HistoryReplay replay = HistoryReplay.fromScriptResult(run("42", "", "2"));

		assertThat(ids(replay)).containsExactly(ids.get(0), ids.get(1));
	}

	@Test
	void replayWorksAfterTheServerForgotTheScript() throws Exception {
		List<String> ids = publish("42", 2);
		redis.commands().scriptFlush();

		assertThat(ids(replay("42", ids.get(0)))).containsExactly(ids.get(1));
	}

	private List<String> publish(String taskId, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(this.notifier.progress(taskId, i));
		}
		return ids;
	}

	private HistoryReplay replay(String taskId, String afterId) throws Exception {
		return HistoryReplay.fromScriptResult(run(taskId, afterId, "10000"));
	}

	private List<Object> run(String taskId, String afterId, String count) throws Exception {
		return LuaScript.REPLAY
			.<List<Object>>run(this.connection.async(), ScriptOutputType.MULTI,
					new String[] { this.keys.history(taskId) }, afterId, count)
			.get(10, TimeUnit.SECONDS);
	}

	private static List<String> ids(HistoryReplay replay) {
		return replay.entries().stream().map((entry) -> entry.id().toString()).toList();
	}

}
