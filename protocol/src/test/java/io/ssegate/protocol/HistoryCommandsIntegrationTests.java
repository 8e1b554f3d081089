package io.ssegate.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.ssegate.testing.redis.RedisExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HistoryCommandsIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	private final TaskKeys keys = TaskKeys.withDefaultPrefix();

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	private final HistoryCommands history = new HistoryCommands(this.keys, ChannelKind.CLASSIC);

	private final HistoryLimits limits = new HistoryLimits(5, Duration.ofHours(1), Duration.ofHours(1));

	@BeforeEach
	void connect() {
		this.client = RedisClient.create(redis.uri());
		this.connection = this.client.connect(StringCodec.UTF8);
	}

	@AfterEach
	void close() {
		this.connection.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

	@Test
	void withoutIdReturnsTheWholeHistory() throws Exception {
		List<String> ids = publish("42", 3);

		HistorySlice replay = replay("42", "");

		assertThat(replay.gap()).isFalse();
		assertThat(replay.finalId()).isNull();
		assertThat(ids(replay)).containsExactlyElementsOf(ids);
	}

	@Test
	void afterAnIdInTheMiddleReturnsTheRest() throws Exception {
		List<String> ids = publish("42", 4);

		HistorySlice replay = replay("42", ids.get(1));

		assertThat(replay.gap()).isFalse();
		assertThat(ids(replay)).containsExactly(ids.get(2), ids.get(3));
		assertThat(this.codec.decode(replay.entries().get(0).envelopeJson()).data().asInt()).isEqualTo(2);
	}

	@Test
	void afterTheLastIdReturnsNothing() throws Exception {
		List<String> ids = publish("42", 3);

		HistorySlice replay = replay("42", ids.get(2));

		assertThat(replay.gap()).isFalse();
		assertThat(replay.entries()).isEmpty();
	}

	@Test
	void reportsAGapWhenAnEventAfterTheIdWasTrimmed() throws Exception {
		List<String> ids = publish("42", 8);

		HistorySlice replay = replay("42", ids.get(1));

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

		HistorySlice replay = replay("42", "");

		assertThat(replay.gap()).isFalse();
		assertThat(ids(replay)).containsExactlyElementsOf(ids.subList(3, 8));
	}

	@Test
	void finalIdIsSetOnceTheTaskEnded() throws Exception {
		List<String> ids = publish("42", 2);
		assertThat(replay("42", ids.get(0)).finalId()).isNull();

		String endId = append("42", "done", TaskStatus.END);

		HistorySlice replay = replay("42", ids.get(0));
		assertThat(replay.finalId()).isEqualTo(EventId.parse(endId));
		assertThat(ids(replay)).containsExactly(ids.get(1), endId);
		assertThat(replay("42", endId).finalId()).isEqualTo(EventId.parse(endId));
		assertThat(replay("42", endId).entries()).isEmpty();
	}

	@Test
	void finalIdIsSetForAFailedTask() throws Exception {
		String failedId = append("42", "disk full", TaskStatus.ERROR);

		assertThat(replay("42", "").finalId()).isEqualTo(EventId.parse(failedId));
	}

	@Test
	void missingHistoryAfterAnIdIsAGap() throws Exception {
		HistorySlice replay = replay("42", "1700000000000-0");

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

		HistorySlice replay = replay("42", oldId);

		assertThat(replay.gap()).isTrue();
		assertThat(replay.entries()).extracting((entry) -> entry.id().toString()).containsExactlyElementsOf(newIds);
	}

	@Test
	void missingHistoryWithoutIdIsNoGap() throws Exception {
		HistorySlice replay = replay("42", "");

		assertThat(replay.gap()).isFalse();
		assertThat(replay.entries()).isEmpty();
	}

	@Test
	void returnsAtMostTheRequestedNumberOfEntries() throws Exception {
		List<String> ids = publish("42", 4);

		HistorySlice replay = replay("42", "", 2);

		assertThat(ids(replay)).containsExactly(ids.get(0), ids.get(1));
	}

	@Test
	void replayWorksAfterTheServerForgotTheScript() throws Exception {
		List<String> ids = publish("42", 2);
		redis.commands().scriptFlush();

		assertThat(ids(replay("42", ids.get(0)))).containsExactly(ids.get(1));
	}

	@ParameterizedTest
	@EnumSource(ChannelKind.class)
	void appendPublishesOnTheChannelOfItsKindOnly(ChannelKind kind) {
		HistoryCommands commands = new HistoryCommands(this.keys, kind);
		List<String> classic = new CopyOnWriteArrayList<>();
		List<String> sharded = new CopyOnWriteArrayList<>();
		try (StatefulRedisPubSubConnection<String, String> subscriber = this.client.connectPubSub()) {
			subscriber.addListener(new RedisPubSubAdapter<>() {

				@Override
				public void message(String channel, String message) {
					classic.add(message);
				}

				@Override
				public void smessage(String channel, String message) {
					sharded.add(message);
				}

			});
			subscriber.sync().subscribe(this.keys.channel("42"));
			subscriber.sync().ssubscribe(this.keys.channel("42"));
			Envelope envelope = Envelope.of("42", "progress", this.codec.toData(1), TaskStatus.RUNNING, 1);

			String id = commands
				.append(this.connection.async(), "42", this.codec.encode(envelope), false, null, this.limits)
				.join();

			List<String> expected = (kind == ChannelKind.SHARDED) ? sharded : classic;
			List<String> other = (kind == ChannelKind.SHARDED) ? classic : sharded;
			await().atMost(Duration.ofSeconds(5)).until(() -> !expected.isEmpty());
			assertThat(expected).containsExactly(id + " " + this.codec.encode(envelope));
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(other::isEmpty);
		}
	}

	@ParameterizedTest(name = "after {0}, first {1}, dropped {2}: gap {3}")
	@CsvFileSource(resources = "gap-cases.csv", numLinesToSkip = 1)
	void replayFollowsTheGapRuleTable(@Nullable String after, @Nullable String first, String dropped, boolean gap)
			throws Exception {
		String history = this.keys.history("gaps");
		redis.commands().del(history);
		if (first != null) {
			if (!dropped.equals("0-0")) {
				redis.commands().xadd(history, new XAddArgs().id(dropped), "e", "{}", "t", "0");
			}
			redis.commands().xadd(history, new XAddArgs().id(first), "e", "{}", "t", "0");
			if (!dropped.equals("0-0")) {
				redis.commands().xdel(history, dropped);
			}
		}

		assertThat(replay("gaps", (after != null) ? after : "").gap()).isEqualTo(gap);
	}

	private List<String> publish(String taskId, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(append(taskId, i, TaskStatus.RUNNING));
		}
		return ids;
	}

	private String append(String taskId, Object data, String status) {
		Envelope envelope = Envelope.of(taskId, "progress", this.codec.toData(data), status, 1);
		return this.history
			.append(this.connection.async(), taskId, this.codec.encode(envelope), envelope.terminal(), null,
					this.limits)
			.join();
	}

	private HistorySlice replay(String taskId, String afterId) throws Exception {
		return replay(taskId, afterId, 10_000);
	}

	private HistorySlice replay(String taskId, String afterId, int count) throws Exception {
		EventId after = afterId.isEmpty() ? null : EventId.parse(afterId);
		return this.history.readAfter(this.connection.async(), taskId, after, count).get(10, TimeUnit.SECONDS);
	}

	private static List<String> ids(HistorySlice replay) {
		return replay.entries().stream().map((entry) -> entry.id().toString()).toList();
	}

}
