package io.ssegate.notifier;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.ssegate.protocol.ChannelMessage;
import io.ssegate.protocol.Envelope;
import io.ssegate.protocol.EnvelopeCodec;
import io.ssegate.protocol.EventId;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.protocol.TaskStatus;
import io.ssegate.protocol.HistoryCommands;
import io.ssegate.testing.redis.RedisExtension;
import io.ssegate.testing.redis.RedisServer;
import io.ssegate.testing.redis.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class RedisNotifierIntegrationTests {

	@RegisterExtension
	static final RedisExtension redis = new RedisExtension();

	private static final Duration AWAIT = Duration.ofSeconds(10);

	/** Longer than any wait of a test on a paused Redis. */
	private static final Duration PAUSE = Duration.ofSeconds(20);

	/** Time allowed past the publish timeout for the failure to be reported. */
	private static final Duration NO_ANSWER_SLACK = Duration.ofSeconds(1);

	private final TaskKeys keys = TaskKeys.withDefaultPrefix();

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private Notifier notifier;

	@BeforeEach
	void createNotifier() {
		this.notifier = open(NotifierOptions.create());
	}

	@AfterEach
	void closeResources() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void publishReturnsIdsThatGrow() {
		List<EventId> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(EventId.parse(this.notifier.progress("42", i)));
		}

		for (int i = 1; i < ids.size(); i++) {
			assertThat(ids.get(i).isAfter(ids.get(i - 1))).as("id %d after id %d", i, i - 1).isTrue();
		}
		assertThat(historyIds("42")).containsExactlyElementsOf(ids.stream().map(EventId::toString).toList());
	}

	@Test
	void historyHoldsEnvelopeAndTerminalFlag() {
		long before = System.currentTimeMillis();
		String progressId = this.notifier.progress("42", Map.of("percent", 50));
		String completedId = this.notifier.complete("42", "done");

		List<StreamMessage<String, String>> history = history("42");

		assertThat(history).extracting(StreamMessage::getId).containsExactly(progressId, completedId);
		assertThat(history.get(0).getBody()).containsOnlyKeys("e", "t").containsEntry("t", "0");
		assertThat(history.get(1).getBody()).containsOnlyKeys("e", "t").containsEntry("t", "1");
		Envelope progress = this.codec.decode(history.get(0).getBody().get("e"));
		assertThat(progress.taskId()).isEqualTo("42");
		assertThat(progress.event()).isEqualTo("progress");
		assertThat(progress.status()).isEqualTo(TaskStatus.RUNNING);
		assertThat(progress.terminal()).isFalse();
		assertThat(this.codec.dataText(progress.data())).isEqualTo("{\"percent\":50}");
		assertThat(progress.publishedAt()).isBetween(before, System.currentTimeMillis());
		Envelope completed = this.codec.decode(history.get(1).getBody().get("e"));
		assertThat(completed.status()).isEqualTo(TaskStatus.END);
		assertThat(completed.terminal()).isTrue();
		assertThat(this.codec.dataText(completed.data())).isEqualTo("done");
	}

	@Test
	void subscriberReceivesIdAndEnvelope() {
		try (ChannelRecorder channel = ChannelRecorder.subscribe(redis.uri(), this.keys.channel("42"))) {
			String id = this.notifier.publish("42", NotifyEvent.named("log", "step 3 done"));

			await().atMost(AWAIT).until(() -> channel.messages().size() == 1);

			String envelope = history("42").get(0).getBody().get("e");
			assertThat(channel.messages()).containsExactly(id + " " + envelope);
			ChannelMessage message = ChannelMessage.parse(channel.messages().get(0));
			assertThat(message.id()).isEqualTo(EventId.parse(id));
			assertThat(this.codec.decode(message.envelopeJson()).event()).isEqualTo("log");
		}
	}

	@Test
	void repeatedIdempotencyKeyReturnsFirstIdAndDeliversNothing() {
		try (ChannelRecorder channel = ChannelRecorder.subscribe(redis.uri(), this.keys.channel("42"))) {
			String first = this.notifier.publish("42", NotifyEvent.named("log", "a").withIdempotencyKey("step-3"));
			String retry = this.notifier.publish("42", NotifyEvent.named("log", "b").withIdempotencyKey("step-3"));
			String marker = this.notifier.progress("42", "marker");

			await().atMost(AWAIT).until(() -> channel.messages().size() == 2);

			assertThat(retry).isEqualTo(first);
			assertThat(historyIds("42")).containsExactly(first, marker);
			assertThat(channel.messages()).extracting((message) -> ChannelMessage.parse(message).id().toString())
				.containsExactly(first, marker);
		}
	}

	@Test
	void idempotencyKeysAreScopedToTheirTask() {
		String first = this.notifier.publish("42", NotifyEvent.progress(1).withIdempotencyKey("k"));
		String other = this.notifier.publish("43", NotifyEvent.progress(1).withIdempotencyKey("k"));

		assertThat(historyIds("42")).containsExactly(first);
		assertThat(historyIds("43")).containsExactly(other);
	}

	@Test
	void publishAfterEndThrowsTaskEnded() {
		String endId = this.notifier.complete("42", "done");

		assertThatExceptionOfType(TaskEndedException.class).isThrownBy(() -> this.notifier.progress("42", 99))
			.withMessageContaining("42")
			.withMessageContaining(endId);
		assertThatExceptionOfType(TaskEndedException.class)
			.isThrownBy(() -> this.notifier.publish("42", NotifyEvent.progress(99).withIdempotencyKey("new")));
		assertThat(historyIds("42")).containsExactly(endId);
	}

	@Test
	void publishAfterFailureThrowsTaskEnded() {
		this.notifier.fail("42", "disk full");

		assertThatExceptionOfType(TaskEndedException.class).isThrownBy(() -> this.notifier.complete("42", "late"));
		assertThat(redis.commands().xlen(this.keys.history("42"))).isOne();
	}

	@Test
	void retriedCompletionWithTheSameIdempotencyKeyReturnsTheFirstId() {
		String first = this.notifier.publish("42", NotifyEvent.completed("done").withIdempotencyKey("end"));
		String retry = this.notifier.publish("42", NotifyEvent.completed("done").withIdempotencyKey("end"));

		assertThat(retry).isEqualTo(first);
		assertThat(historyIds("42")).containsExactly(first);
	}

	@Test
	void historyKeepsTheLastEventsAndRecordsTheLastTrimmedId() {
		Notifier bounded = open(NotifierOptions.builder().historyMaxLength(5).build());
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			ids.add(bounded.progress("42", i));
		}

		assertThat(redis.commands().xlen(this.keys.history("42"))).isEqualTo(5);
		assertThat(historyIds("42")).containsExactlyElementsOf(ids.subList(3, 8));
		assertThat(streamInfo(this.keys.history("42"))).containsEntry("max-deleted-entry-id", ids.get(2));
	}

	@Test
	void historyAndIdempotencyKeysExpire() {
		Notifier expiring = open(NotifierOptions.builder()
			.historyTtl(Duration.ofSeconds(100))
			.idempotencyTtl(Duration.ofSeconds(50))
			.build());

		expiring.publish("42", NotifyEvent.progress(1).withIdempotencyKey("k"));

		assertThat(redis.commands().ttl(this.keys.history("42"))).isBetween(90L, 100L);
		assertThat(redis.commands().ttl(this.keys.idempotency("42", "k"))).isBetween(40L, 50L);
	}

	@Test
	void eventsWithoutIdempotencyKeyLeaveNoIdempotencyKey() {
		this.notifier.progress("42", 1);

		assertThat(redis.commands().keys("*")).containsExactly(this.keys.history("42"));
	}

	@Test
	void tooLargeEventIsRejectedWithoutTouchingRedis() {
		Notifier small = open(NotifierOptions.builder().maxPayloadBytes(256).build());
		NotifyEvent large = NotifyEvent.progress("x".repeat(300));

		assertThatExceptionOfType(EventTooLargeException.class).isThrownBy(() -> small.publish("42", large))
			.withMessageContaining("256");
		assertThatExceptionOfType(EventTooLargeException.class).isThrownBy(() -> small.publishAsync("42", large));
		assertThat(redis.commands().keys("*")).isEmpty();
	}

	@Test
	void invalidTaskIdIsRejectedWithoutTouchingRedis() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.notifier.progress("{42}", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> this.notifier.progress("4 2", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> this.notifier.publishAsync("42\r\n", NotifyEvent.of(1)));
		assertThat(redis.commands().keys("*")).isEmpty();
	}

	@Test
	void dataThatCannotBeWrittenAsJsonIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.notifier.progress("42", new SelfReference()));
		assertThat(redis.commands().keys("*")).isEmpty();
	}

	@Test
	void dataIsWrittenByTheConfiguredSerializerButStringsAndNullAsTheyAre() {
		Notifier custom = open(NotifierOptions.builder().dataSerializer((data) -> "{\"custom\":true}").build());

		custom.progress("42", 50);
		custom.progress("42", "{\"text\":1}");
		custom.progress("42", null);

		assertThat(envelopes("42")).extracting((envelope) -> this.codec.dataText(envelope.data()))
			.containsExactly("{\"custom\":true}", "{\"text\":1}", "");
	}

	@Test
	void serializerThatWritesNothingIsRejected() {
		Notifier custom = open(NotifierOptions.builder().dataSerializer((data) -> " ").build());

		assertThatIllegalArgumentException().isThrownBy(() -> custom.progress("42", 50))
			.withMessageContaining("the serializer wrote nothing");
		assertThat(redis.commands().keys("*")).isEmpty();
	}

	@Test
	void publishStillWorksAfterTheServerForgotTheScript() {
		String first = this.notifier.progress("42", 1);
		redis.commands().scriptFlush();

		String second = this.notifier.progress("42", 2);

		assertThat(historyIds("42")).containsExactly(first, second);
	}

	@RepeatedTest(3)
	void asyncPublishesToOneTaskKeepTheirOrderWhenTheServerForgetsTheScript() {
		this.notifier.progress("42", -1);
		redis.commands().scriptFlush();

		// Paced, so that new publishes keep going out while the server's NOSCRIPT answers
		// to the first ones come back and are re-sent.
		List<CompletableFuture<String>> published = IntStream.range(0, 500).mapToObj((i) -> {
			LockSupport.parkNanos(20_000);
			return this.notifier.publishAsync("42", NotifyEvent.progress(i)).toCompletableFuture();
		}).toList();
		CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).join();

		assertThat(history("42").stream()
			.skip(1)
			.map((entry) -> this.codec.dataText(this.codec.decode(entry.getBody().get("e")).data())))
			.containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(String::valueOf).toList());
	}

	@Test
	void publishAllStoresEachTasksEventsInListOrderAndReturnsTheirIds() {
		List<TaskNotification> burst = IntStream.range(0, 60)
			.mapToObj((i) -> new TaskNotification("t" + (i % 3), NotifyEvent.progress(i)))
			.toList();

		List<String> ids = this.notifier.publishAll(burst);

		assertThat(ids).hasSize(60);
		for (int task = 0; task < 3; task++) {
			int first = task;
			assertThat(historyIds("t" + task)).containsExactlyElementsOf(
					IntStream.range(0, 60).filter((i) -> i % 3 == first).mapToObj(ids::get).toList());
			assertThat(history("t" + task).stream()
				.map((entry) -> this.codec.dataText(this.codec.decode(entry.getBody().get("e")).data())))
				.containsExactlyElementsOf(
						IntStream.range(0, 60).filter((i) -> i % 3 == first).mapToObj(String::valueOf).toList());
		}
	}

	@Test
	void publishAllPublishesTheOtherEventsWhenOneFailsAndThrowsTheFirstFailure() {
		this.notifier.complete("ended", "done");
		Notifier small = open(NotifierOptions.builder().maxPayloadBytes(256).build());
		List<TaskNotification> burst = List.of(new TaskNotification("a", NotifyEvent.progress(1)),
				new TaskNotification("ended", NotifyEvent.progress(2)),
				new TaskNotification("b", NotifyEvent.progress("x".repeat(300))),
				new TaskNotification("a", NotifyEvent.progress(3)));

		List<CompletableFuture<String>> stages = small.publishAllAsync(burst)
			.stream()
			.map(CompletionStage::toCompletableFuture)
			.toList();

		await().atMost(AWAIT).until(() -> stages.stream().allMatch(CompletableFuture::isDone));
		assertThat(stages.get(0)).isCompleted();
		assertThat(stages.get(1)).isCompletedExceptionally();
		assertThat(stages.get(2)).isCompletedExceptionally();
		assertThat(stages.get(3)).isCompleted();
		assertThat(historyIds("a")).containsExactly(stages.get(0).join(), stages.get(3).join());
		assertThat(redis.commands().exists(this.keys.history("b"))).isZero();
		assertThatExceptionOfType(TaskEndedException.class).isThrownBy(() -> small.publishAll(burst));
	}

	@Test
	void asyncPublishesToDifferentTasksAreAllStored() {
		List<CompletableFuture<String>> published = IntStream.range(0, 200)
			.mapToObj((i) -> this.notifier.publishAsync("t" + (i % 20), NotifyEvent.progress(i)).toCompletableFuture())
			.toList();
		CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).join();

		assertThat(IntStream.range(0, 20).map((task) -> history("t" + task).size()).sum()).isEqualTo(200);
	}

	@Test
	void creatingANotifierLoadsThePublishScriptBeforeAnyPublish() {
		redis.commands().scriptFlush();
		String sha = redis.commands().digest(HistoryCommands.publishScript());

		try (Notifier fresh = Notifier.create(redis.uri())) {
			assertThat(redis.commands().scriptExists(sha)).containsExactly(true);
		}
	}

	@Test
	void publishAsyncCompletesWithTheId() throws Exception {
		String id = this.notifier.publishAsync("42", NotifyEvent.progress(1)).toCompletableFuture().get();

		assertThat(historyIds("42")).containsExactly(id);
	}

	@Test
	void publishAsyncFailsWithTaskEndedAfterEnd() {
		this.notifier.complete("42", "done");

		CompletableFuture<String> stage = this.notifier.publishAsync("42", NotifyEvent.progress(1))
			.toCompletableFuture();

		assertThat(stage).failsWithin(AWAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(TaskEndedException.class);
	}

	@Test
	void conveniencesPublishProgressCompletionAndFailure() {
		this.notifier.progress("a", 50);
		this.notifier.complete("a", Map.of("url", "https://example.com/export.csv"));
		this.notifier.fail("b", "disk full");

		assertThat(envelopes("a")).extracting(Envelope::event, Envelope::status, Envelope::terminal)
			.containsExactly(tuple("progress", "RUNNING", false), tuple("completed", "END", true));
		assertThat(envelopes("b")).extracting(Envelope::event, Envelope::status, Envelope::terminal)
			.containsExactly(tuple("failed", "ERROR", true));
		assertThat(this.codec.dataText(envelopes("a").get(1).data()))
			.isEqualTo("{\"url\":\"https://example.com/export.csv\"}");
	}

	@Test
	void keyPrefixSelectsTheKeyNames() {
		Notifier prefixed = open(NotifierOptions.builder().keyPrefix("orders:").build());

		prefixed.progress("42", 1);

		assertThat(redis.commands().keys("*")).containsExactly("orders:{42}:history");
	}

	@Test
	void createFailsLoudlyWhenNothingListens() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}

		assertThatExceptionOfType(RedisUnavailableException.class)
			.isThrownBy(() -> Notifier.create("redis://127.0.0.1:" + port));
	}

	@Test
	@QuietOutput
	void publishFailsLoudlyWhenRedisStops() {
		RedisServer server = RedisServers.start();
		Notifier stranded;
		try {
			stranded = open(Notifier.create(RedisURI.create(server.host(), server.port()),
					NotifierOptions.builder().timeout(Duration.ofSeconds(1)).build()));
			stranded.progress("42", 1);
		}
		finally {
			server.close();
		}

		assertThatExceptionOfType(RedisUnavailableException.class).isThrownBy(() -> stranded.progress("42", 2));
		assertThatExceptionOfType(RedisUnavailableException.class).isThrownBy(() -> stranded.progress("42", 3));
	}

	@Test
	@QuietOutput
	void publishInFlightWhenTheConnectionIsKilledFailsAsUnavailableAndIsSafeToRetry() {
		this.notifier.progress("42", 0);
		NotifyEvent event = NotifyEvent.progress(1).withIdempotencyKey("in-flight");
		CompletableFuture<String> inFlight;
		pauseWrites();
		try {
			inFlight = this.notifier.publishAsync("42", event).toCompletableFuture();
			await().during(Duration.ofMillis(200)).atMost(AWAIT).until(() -> !inFlight.isDone());
			assertThat(redis.killNormalClients()).isPositive();
		}
		finally {
			unpause();
		}

		assertThat(inFlight).failsWithin(AWAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(RedisUnavailableException.class);
		assertThat(historyIds("42")).hasSize(1);
		String id = await().atMost(AWAIT)
			.ignoreExceptionsInstanceOf(RedisUnavailableException.class)
			.until(() -> this.notifier.publish("42", event), (published) -> true);
		assertThat(this.notifier.publish("42", event)).isEqualTo(id);
		assertThat(historyIds("42")).hasSize(2).endsWith(id);
	}

	@Test
	@QuietOutput
	void publishWorksAgainAfterTheConnectionIsKilled() {
		this.notifier.progress("42", 0);
		assertThat(redis.killNormalClients()).isPositive();

		NotifyEvent event = NotifyEvent.progress(1).withIdempotencyKey("after-kill");
		String id = await().atMost(AWAIT)
			.ignoreExceptionsInstanceOf(RedisUnavailableException.class)
			.until(() -> this.notifier.publish("42", event), (published) -> true);

		// The retries carried one idempotency key: one event, whatever number of
		// attempts.
		assertThat(historyIds("42")).hasSize(2).endsWith(id);
	}

	@Test
	void notifierOnASharedClientLeavesTheClientOpen() {
		RedisClient client = RedisClient.create(redis.uri());
		this.resources.add(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
		NotifierOptions options = NotifierOptions.builder().keyPrefix("shared:").build();

		try (Notifier shared = Notifier.create(client, options)) {
			assertThat(shared.options()).isSameAs(options);
			shared.progress("42", 1);
		}

		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().xlen("shared:{42}:history")).isOne();
		}
	}

	@Test
	void notifierReportsTheOptionsItWasCreatedWith() {
		NotifierOptions options = NotifierOptions.builder()
			.keyPrefix("given:")
			.historyMaxLength(7)
			.historyTtl(Duration.ofMinutes(7))
			.idempotencyTtl(Duration.ofMinutes(3))
			.timeout(Duration.ofMillis(700))
			.maxPayloadBytes(700)
			.dataSerializer((data) -> "\"" + data + "\"")
			.build();

		Notifier given = open(options);

		assertThat(given.options()).isEqualTo(options).isNotEqualTo(NotifierOptions.create());
	}

	@Test
	@QuietOutput
	void publishFailsAsUnavailableWithinTheTimeoutWhenRedisDoesNotAnswer() {
		Duration timeout = Duration.ofMillis(500);
		Notifier waiting = open(NotifierOptions.builder().timeout(timeout).build());
		pauseWrites();
		try {
			long started = System.nanoTime();
			assertThatExceptionOfType(RedisUnavailableException.class)
				.isThrownBy(() -> waiting.publish("42", NotifyEvent.progress(1)));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(timeout, timeout.plus(NO_ANSWER_SLACK));
		}
		finally {
			unpause();
		}
	}

	@Test
	@QuietOutput
	void publishAsyncFailsAsUnavailableWithinTheTimeoutWhenRedisDoesNotAnswer() {
		Duration timeout = Duration.ofMillis(500);
		Notifier waiting = open(NotifierOptions.builder().timeout(timeout).build());
		pauseWrites();
		try {
			long started = System.nanoTime();
			CompletableFuture<String> stage = waiting.publishAsync("42", NotifyEvent.progress(1)).toCompletableFuture();

			assertThat(stage).failsWithin(timeout.plus(NO_ANSWER_SLACK))
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(RedisUnavailableException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(timeout, timeout.plus(NO_ANSWER_SLACK));
		}
		finally {
			unpause();
		}
	}

	/**
	 * Make Redis hold every write (every publish script) unanswered, on a connection it
	 * keeps open, until {@link #unpause()} or for at most {@link #PAUSE}.
	 */
	private static void pauseWrites() {
		client("PAUSE", String.valueOf(PAUSE.toMillis()), "WRITE");
	}

	private static void unpause() {
		client("UNPAUSE");
	}

	private static void client(String... arguments) {
		CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
		for (String argument : arguments) {
			args.add(argument);
		}
		redis.commands().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8), args);
	}

	private Notifier open(NotifierOptions options) {
		return open(Notifier.create(redis.uri(), options));
	}

	private Notifier open(Notifier notifier) {
		this.resources.add(notifier);
		return notifier;
	}

	private List<StreamMessage<String, String>> history(String taskId) {
		return redis.commands().xrange(this.keys.history(taskId), Range.create("-", "+"));
	}

	private List<String> historyIds(String taskId) {
		return history(taskId).stream().map(StreamMessage::getId).toList();
	}

	private List<Envelope> envelopes(String taskId) {
		return history(taskId).stream().map((entry) -> this.codec.decode(entry.getBody().get("e"))).toList();
	}

	private Map<String, Object> streamInfo(String key) {
		List<Object> info = redis.commands().xinfoStream(key);
		Map<String, Object> fields = new LinkedHashMap<>();
		for (int i = 0; i + 1 < info.size(); i += 2) {
			fields.put(String.valueOf(info.get(i)), info.get(i + 1));
		}
		return fields;
	}

	static class SelfReference {

		public SelfReference getSelf() {
			return this;
		}

	}

}
