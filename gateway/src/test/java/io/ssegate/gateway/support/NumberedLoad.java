package io.ssegate.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifyEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Steady publishing of numbered events (0, 1, 2, … per task) to many tasks, while a
 * stream on every gateway node follows each task; then a count of what each stream got. A
 * publish that fails is sent again with the same idempotency key until Redis confirms it,
 * so "published" means stored exactly once, and each task's numbers go out in order.
 */
public final class NumberedLoad implements AutoCloseable {

	private final Notifier notifier;

	private final List<String> tasks;

	private final List<NumberedStream> streams = new ArrayList<>();

	private final AtomicInteger[] published;

	/** When each event was confirmed stored, by task index and number. */
	private final Map<Integer, Map<Integer, Long>> confirmedAt = new ConcurrentHashMap<>();

	private final AtomicBoolean[] inFlight;

	private final AtomicLong failures = new AtomicLong();

	private final AtomicInteger next = new AtomicInteger();

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

	private NumberedLoad(Notifier notifier, List<String> tasks) {
		this.notifier = notifier;
		this.tasks = tasks;
		this.published = IntStream.range(0, tasks.size())
			.mapToObj((i) -> new AtomicInteger())
			.toArray(AtomicInteger[]::new);
		this.inFlight = IntStream.range(0, tasks.size())
			.mapToObj((i) -> new AtomicBoolean())
			.toArray(AtomicBoolean[]::new);
	}

	/**
	 * Open the streams (one per task on every node) and start publishing.
	 * @param notifier publishes
	 * @param nodeUrls the gateway nodes
	 * @param taskPrefix the prefix of the task ids
	 * @param taskCount how many tasks
	 * @param eventsPerSecond the publishing rate over all tasks
	 * @return the running load
	 */
	public static NumberedLoad start(Notifier notifier, List<String> nodeUrls, String taskPrefix, int taskCount,
			int eventsPerSecond) {
		List<String> tasks = IntStream.range(0, taskCount).mapToObj((i) -> taskPrefix + "-" + i).toList();
		NumberedLoad load = new NumberedLoad(notifier, tasks);
		for (String url : nodeUrls) {
			tasks.forEach((task) -> load.streams.add(new NumberedStream(url, task)));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> load.streams.stream().allMatch(NumberedStream::isOpen));
		long periodMicros = 1_000_000L / eventsPerSecond;
		load.ticker.scheduleAtFixedRate(load::publishNext, 0, periodMicros, TimeUnit.MICROSECONDS);
		return load;
	}

	private void publishNext() {
		int index = Math.floorMod(this.next.getAndIncrement(), this.tasks.size());
		if (!this.inFlight[index].compareAndSet(false, true)) {
			return;
		}
		int number = this.published[index].get();
		NotifyEvent event = NotifyEvent.of(String.valueOf(number)).withIdempotencyKey("n-" + number);
		try {
			this.notifier.publishAsync(this.tasks.get(index), event).whenComplete((id, failure) -> {
				if (failure == null) {
					this.confirmedAt.computeIfAbsent(index, (task) -> new ConcurrentHashMap<>())
						.put(number, System.nanoTime());
					this.published[index].incrementAndGet();
				}
				else {
					this.failures.incrementAndGet();
				}
				this.inFlight[index].set(false);
			});
		}
		catch (RuntimeException ex) {
			this.failures.incrementAndGet();
			this.inFlight[index].set(false);
		}
	}

	/**
	 * Events confirmed stored so far, over all tasks.
	 * @return the count
	 */
	public int publishedCount() {
		int sum = 0;
		for (AtomicInteger count : this.published) {
			sum += count.get();
		}
		return sum;
	}

	/**
	 * Start the load, wait until every task had 2 events, inject a fault, wait until
	 * every task had 3 more, then stop and count.
	 * @param notifier publishes
	 * @param nodeUrls the gateway nodes
	 * @param taskPrefix the prefix of the task ids
	 * @param taskCount how many tasks
	 * @param eventsPerSecond the publishing rate over all tasks
	 * @param fault the fault to inject
	 * @return the counts
	 */
	public static Outcome measure(Notifier notifier, List<String> nodeUrls, String taskPrefix, int taskCount,
			int eventsPerSecond, Runnable fault) {
		try (NumberedLoad load = start(notifier, nodeUrls, taskPrefix, taskCount, eventsPerSecond)) {
			load.awaitEveryTaskPublished(2, Duration.ofSeconds(30));
			fault.run();
			load.awaitEveryTaskPublished(3, Duration.ofSeconds(30));
			return load.stopAndCount(Duration.ofSeconds(20), Duration.ofSeconds(1));
		}
	}

	/**
	 * Publishes that failed (and were sent again).
	 * @return the count
	 */
	public long failedPublishes() {
		return this.failures.get();
	}

	/**
	 * Wait until every task has had at least this many more events confirmed.
	 * @param more how many more per task
	 * @param timeout the longest wait
	 */
	public void awaitEveryTaskPublished(int more, Duration timeout) {
		int[] target = new int[this.published.length];
		for (int i = 0; i < target.length; i++) {
			target[i] = this.published[i].get() + more;
		}
		await().atMost(timeout)
			.until(() -> IntStream.range(0, target.length).allMatch((i) -> this.published[i].get() >= target[i]));
	}

	/**
	 * Stop publishing, wait until every stream has as many events as its task had
	 * published, watch a quiet period in which a late duplicate would show, and count.
	 * @param timeout the longest wait for the streams to catch up
	 * @param quiet the quiet period
	 * @return the counts
	 */
	public Outcome stopAndCount(Duration timeout, Duration quiet) {
		this.ticker.shutdown();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			for (AtomicBoolean flight : this.inFlight) {
				if (flight.get()) {
					return false;
				}
			}
			return true;
		});
		try {
			await().atMost(timeout)
				.until(() -> this.streams.stream().allMatch((stream) -> stream.count() >= expected(stream)));
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			// Counted below: the missing events are losses.
		}
		await().pollDelay(quiet).atMost(quiet.plusSeconds(1)).until(() -> true);
		return count();
	}

	private int expected(NumberedStream stream) {
		return this.published[this.tasks.indexOf(stream.taskId())].get();
	}

	private Outcome count() {
		long lost = 0;
		long duplicated = 0;
		long reordered = 0;
		long ended = 0;
		Duration longestGap = Duration.ZERO;
		Duration longestDelay = Duration.ZERO;
		for (NumberedStream stream : this.streams) {
			List<Integer> numbers = stream.numbers();
			int expected = expected(stream);
			lost += IntStream.range(0, expected).filter((n) -> !numbers.contains(n)).count();
			duplicated += numbers.size() - numbers.stream().distinct().count();
			for (int i = 1; i < numbers.size(); i++) {
				reordered += (numbers.get(i) < numbers.get(i - 1)) ? 1 : 0;
			}
			ended += stream.hasEnded() ? 1 : 0;
			Duration gap = stream.longestGap();
			longestGap = (gap.compareTo(longestGap) > 0) ? gap : longestGap;
			Map<Integer, Long> confirmed = this.confirmedAt.getOrDefault(this.tasks.indexOf(stream.taskId()), Map.of());
			Duration delay = stream.longestDelay((number) -> confirmed.getOrDefault(number, Long.MAX_VALUE));
			longestDelay = (delay.compareTo(longestDelay) > 0) ? delay : longestDelay;
		}
		return new Outcome(publishedCount(), lost, duplicated, reordered, ended, longestGap, longestDelay,
				failedPublishes());
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
		this.streams.forEach(NumberedStream::close);
	}

	/**
	 * What the streams received.
	 *
	 * @param published events confirmed stored
	 * @param lost events a stream never received
	 * @param duplicated events a stream received more than once
	 * @param reordered times a stream received a lower number after a higher one
	 * @param streamsEnded streams that ended before the count (they should all stay open)
	 * @param longestGap the longest time a stream went without an event (publishers that
	 * cannot reach Redis make it longer too)
	 * @param longestDelay the longest time from an event's confirmation by Redis to its
	 * arrival on a stream: how long a stream was not live
	 * @param failedPublishes publishes that failed and were sent again
	 */
	public record Outcome(int published, long lost, long duplicated, long reordered, long streamsEnded,
			Duration longestGap, Duration longestDelay, long failedPublishes) {

		/**
		 * Check that every stream got every event exactly once, in order, stayed open,
		 * and was never longer than the given time behind Redis.
		 * @param minPublished the fewest events that must have been published
		 * @param longestAllowedDelay the longest allowed delay
		 */
		public void assertExactlyOnce(int minPublished, Duration longestAllowedDelay) {
			assertThat(this.published).isGreaterThan(minPublished);
			assertThat(this.lost).as("lost").isZero();
			assertThat(this.duplicated).as("duplicated").isZero();
			assertThat(this.reordered).as("reordered").isZero();
			assertThat(this.streamsEnded).as("streams ended").isZero();
			assertThat(this.longestDelay).as("longest delay").isLessThanOrEqualTo(longestAllowedDelay);
		}

		/**
		 * Keep these figures in {@code target/fault-outcomes.txt}, for the record.
		 * @param run what was measured
		 */
		public void record(String run) {
			try {
				Files.writeString(Path.of("target", "fault-outcomes.txt"), run + " " + this + "\n",
						StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
