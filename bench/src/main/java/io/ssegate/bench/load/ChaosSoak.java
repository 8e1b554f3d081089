package io.ssegate.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.ssegate.bench.load.StreamClient.StreamSpec;
import io.ssegate.bench.load.TrackedStreams.StreamView;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The chaos soak: streams follow tasks through the load balancer of a
 * {@code deploy/local/cluster.sh} cluster while events are published at a steady rate
 * with notifier-client, and meanwhile nodes are killed (SIGKILL), terminated (SIGTERM)
 * and restarted, paused (SIGSTOP, then SIGCONT), and Redis is restarted with its data
 * and, once, without. Then it counts, stream by stream and event by event, what was
 * delivered, lost (silently, or after a {@code gap} signal), duplicated and reordered,
 * checks that {@code gap} signals came only after the restart without data and to exactly
 * the streams of the tasks whose history it lost, and compares node 1's memory at the end
 * with the start (node 1 is never killed, so that it is the same process).
 *
 * <p>
 * Run by {@code bench/soak.sh}, which starts the cluster; options: {@code --cluster-dir}
 * (the cluster's state directory, by default {@code $SSEGATE_CLUSTER_DIR}),
 * {@code --seconds} (600), {@code --streams} (2000), {@code --tasks} (200),
 * {@code --quiet-tasks} (tasks without events until the restart without data, 10 % of
 * them), {@code --rate} (events per second, 200), {@code --interval} (seconds between the
 * starts of chaos actions, 15), {@code --pause-seconds} (how long a node stays stopped,
 * 8), {@code --churn} (streams whose connection is dropped every second, so that they
 * resume at once and spread over the nodes again after restarts: 1 % of them),
 * {@code --actions} ({@code random}, or a list of
 * {@code kill,term,pause,redis-save,redis-wipe} run in that order), {@code --seed},
 * {@code --out} (a JSON-lines file).
 */
public final class ChaosSoak {

	private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(3);

	private static final Duration WARM_UP = Duration.ofSeconds(5);

	private static final Duration TAIL = Duration.ofSeconds(10);

	private static final Duration SETTLE_MAX = Duration.ofSeconds(30);

	/** After everything expected arrived: long enough for a late duplicate to show. */
	private static final Duration QUIET = Duration.ofSeconds(3);

	private final Settings settings;

	private final ClusterChaos cluster;

	private final Random random;

	private final List<String> actionLog = Collections.synchronizedList(new ArrayList<>());

	private final Map<Action, Integer> actionCounts = new EnumMap<>(Action.class);

	private final long originNanos = System.nanoTime();

	private final AtomicLong dropped = new AtomicLong();

	private volatile @Nullable Wipe wipe;

	ChaosSoak(Settings settings) {
		this.settings = settings;
		this.cluster = new ClusterChaos(settings.clusterDirectory());
		this.random = new Random(settings.seed());
	}

	public static void main(String[] args) {
		Options options = Options.parse(Arrays.asList(args));
		Settings settings = Settings.from(options);
		SoakResult result = new ChaosSoak(settings).run();
		String out = options.get("out");
		new ResultLog((out != null) ? Path.of(out) : null).emit(result.fields());
		System.out.println(result.summary());
		System.exit(result.pass() ? 0 : 1);
	}

	/**
	 * Run the soak.
	 * @return what it measured
	 */
	SoakResult run() {
		Settings s = this.settings;
		List<String> taskIds = taskIds();
		boolean wipes = s.actions().isEmpty() || s.actions().contains(Action.REDIS_WIPE);
		Endpoint balancer = Endpoint.parse(this.cluster.loadBalancer() + "/sse/register?taskId={task}");
		try (TrackedStreams streams = new TrackedStreams(List.of(balancer), 512, this.originNanos);
				AckLog acks = new AckLog(new NotifierPublisher(this.cluster.redisUri()), s.tasks(),
						wipes ? s.tasks() - s.quietTasks() : s.tasks())) {
			Memory idleAtStart = memoryOfNodeOne("before the streams");
			open(streams, taskIds, balancer);
			RateDriver driver = new RateDriver(acks, taskIds, this.originNanos, 64);
			long start = System.nanoTime();
			Memory atStart;
			try (Background background = new Background(driver, streams)) {
				Step.sleep(WARM_UP.toMillis());
				streams.latencySinceLastCall();
				atStart = memoryOfNodeOne("after the warm-up");
				runChaos(streams, acks, start);
				// Publishing goes on for the duration, and for a while after the last
				// action.
				long publishUntil = Math.max(start + s.duration().toNanos(), System.nanoTime() + TAIL.toNanos());
				Step.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(publishUntil - System.nanoTime())));
			}
			if (!driver.awaitCompletions(Duration.ofSeconds(30))) {
				throw new IllegalStateException("Some publishes did not complete within 30 s");
			}
			double publishedSeconds = (System.nanoTime() - start) / 1e9;
			return finish(streams, acks, publishedSeconds, idleAtStart, atStart);
		}
	}

	private List<String> taskIds() {
		String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
		List<String> taskIds = new ArrayList<>(this.settings.tasks());
		for (int i = 0; i < this.settings.tasks(); i++) {
			taskIds.add("soak" + runId + "-" + i);
		}
		return taskIds;
	}

	private void open(TrackedStreams streams, List<String> taskIds, Endpoint balancer) {
		int count = this.settings.streams();
		List<StreamSpec> specs = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			specs.add(new StreamSpec(i % taskIds.size(), taskIds.get(i % taskIds.size()), 0));
		}
		log("opening " + count + " streams over " + taskIds.size() + " tasks through " + balancer.template());
		if (!streams.open(specs, OPEN_TIMEOUT.toNanos())) {
			throw new IllegalStateException("Only " + streams.openCount() + " of " + count + " streams opened within "
					+ OPEN_TIMEOUT.toSeconds() + " s");
		}
	}

	/**
	 * Once the publishing is over: wait for the deliveries, then a quiet time for late
	 * duplicates, count, close every stream and wait until the nodes hold none.
	 */
	private SoakResult finish(TrackedStreams streams, AckLog acks, double publishedSeconds, Memory idleAtStart,
			Memory atStart) {
		long settledIn = settle(streams, acks);
		Step.sleep(QUIET.toMillis());
		Memory atEnd = memoryOfNodeOne("at the end");
		SoakResult.Builder result = account(streams, acks, publishedSeconds, settledIn);
		result.memory = List.of(idleAtStart, atStart, atEnd);
		streams.closeAll();
		long closingStarted = System.nanoTime();
		result.leftOver = awaitNodesIdle();
		result.idleAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closingStarted);
		result.memoryIdleAtEnd = memoryOfNodeOne("after the streams closed");
		return result.build();
	}

	// --- Chaos ---------------------------------------------------------------------

	private void runChaos(TrackedStreams streams, AckLog acks, long start) {
		Settings s = this.settings;
		List<Action> planned = new ArrayList<>(s.actions());
		List<Action> cycle = new ArrayList<>();
		long lastStartNanos = start + s.duration().toNanos() - TAIL.toNanos();
		boolean wiped = false;
		for (int slot = 0;; slot++) {
			long due = start + WARM_UP.toNanos() + slot * s.interval().toNanos();
			long now = System.nanoTime();
			if (due > now) {
				Step.sleep(TimeUnit.NANOSECONDS.toMillis(due - now));
			}
			Action action;
			if (!s.actions().isEmpty()) {
				if (planned.isEmpty()) {
					return;
				}
				action = planned.remove(0);
			}
			else {
				if (System.nanoTime() > lastStartNanos) {
					return;
				}
				boolean secondHalf = System.nanoTime() - start > s.duration().toNanos() / 2;
				if (!wiped && secondHalf) {
					action = Action.REDIS_WIPE;
					wiped = true;
				}
				else {
					if (cycle.isEmpty()) {
						cycle.addAll(List.of(Action.KILL, Action.TERM, Action.PAUSE, Action.REDIS_SAVE));
						Collections.shuffle(cycle, this.random);
					}
					action = cycle.remove(0);
				}
			}
			perform(action, streams, acks, start);
		}
	}

	private void perform(Action action, TrackedStreams streams, AckLog acks, long start) {
		long began = System.nanoTime();
		String detail = switch (action) {
			case KILL -> {
				int node = nodeByStreams(2);
				long held = this.cluster.activeStreams(node);
				this.cluster.kill(node);
				this.cluster.restart(node);
				yield "node " + node + " (" + held + " streams), restarted";
			}
			case TERM -> {
				int node = nodeByStreams(2);
				long held = this.cluster.activeStreams(node);
				this.cluster.terminate(node);
				this.cluster.restart(node);
				yield "node " + node + " (" + held + " streams), restarted";
			}
			case PAUSE -> {
				int node = nodeByStreams(1);
				long held = this.cluster.activeStreams(node);
				this.cluster.pause(node, this.settings.pause());
				yield "node " + node + " (" + held + " streams) for " + this.settings.pause().toSeconds() + " s";
			}
			case REDIS_SAVE -> {
				long keys = this.cluster.redisKeys();
				this.cluster.restartRedis(true, () -> {
				});
				yield keys + " keys before, " + this.cluster.redisKeys() + " after";
			}
			case REDIS_WIPE -> {
				long keys = this.cluster.redisKeys();
				this.cluster.restartRedis(false, () -> this.wipe = Wipe.take(streams, acks));
				acks.release();
				yield keys + " keys before, " + this.cluster.redisKeys() + " after";
			}
		};
		this.actionCounts.merge(action, 1, Integer::sum);
		String line = String.format(Locale.ROOT, "+%.0fs %s %s: %.1f s", (began - start) / 1e9, action.label(), detail,
				(System.nanoTime() - began) / 1e9);
		this.actionLog.add(line);
		log(line);
	}

	/**
	 * A random node from {@code first} on, with a chance in proportion to the streams it
	 * holds (as if a random stream picked it), so that an action hits streams.
	 */
	private int nodeByStreams(int first) {
		long[] held = new long[this.cluster.nodes() + 1];
		long total = 0;
		for (int node = first; node <= this.cluster.nodes(); node++) {
			held[node] = Math.max(0, this.cluster.activeStreams(node)) + 1;
			total += held[node];
		}
		long pick = (long) (this.random.nextDouble() * total);
		for (int node = first; node <= this.cluster.nodes(); node++) {
			pick -= held[node];
			if (pick < 0) {
				return node;
			}
		}
		return this.cluster.nodes();
	}

	// --- Accounting ----------------------------------------------------------------

	/**
	 * Wait until every stream is open and has every acknowledged event it should have, or
	 * until {@link #SETTLE_MAX}.
	 * @return the milliseconds it took, or -1 on timeout
	 */
	private long settle(TrackedStreams streams, AckLog acks) {
		long began = System.nanoTime();
		long deadline = began + SETTLE_MAX.toNanos();
		while (System.nanoTime() < deadline) {
			BitSet[] acked = ackedOf(acks);
			boolean complete = streams.read((views) -> {
				for (StreamView view : views) {
					if (view.subscriber().state != Subscriber.State.OPEN
							|| missing(view, acked[view.subscriber().task]).silent() > 0) {
						return false;
					}
				}
				return true;
			});
			if (complete) {
				return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
			}
			Step.sleep(200);
		}
		return -1;
	}

	/**
	 * Wait until no node holds a stream or a task subscription any more, or
	 * {@link #SETTLE_MAX}.
	 * @return the streams and task subscriptions still held then, over all nodes
	 */
	private long awaitNodesIdle() {
		long deadline = System.nanoTime() + SETTLE_MAX.toNanos();
		while (true) {
			long held = 0;
			for (int node = 1; node <= this.cluster.nodes(); node++) {
				long connections = this.cluster.activeStreams(node);
				long tasks = this.cluster.subscribedTasks(node);
				held += (connections < 0 || tasks < 0) ? Integer.MAX_VALUE : connections + tasks;
			}
			if (held == 0 || System.nanoTime() > deadline) {
				return held;
			}
			Step.sleep(500);
		}
	}

	private SoakResult.Builder account(TrackedStreams streams, AckLog acks, double publishedSeconds,
			long settledInMillis) {
		BitSet[] acked = ackedOf(acks);
		Wipe wipe = this.wipe;
		SoakResult.Builder result = streams.read((views) -> {
			SoakResult.Builder builder = new SoakResult.Builder();
			BitSet tasksWithGap = new BitSet();
			for (StreamView view : views) {
				Subscriber subscriber = view.subscriber();
				BitSet ackedOfTask = acked[subscriber.task];
				Missing missing = missing(view, ackedOfTask);
				BitSet extra = (BitSet) view.track().received.clone();
				extra.andNot(ackedOfTask);
				builder.expected += ackedOfTask.cardinality();
				builder.delivered += subscriber.ledger.unique();
				builder.lostSilently += missing.silent();
				builder.lostWithGap += missing.afterGap();
				builder.duplicates += subscriber.ledger.duplicates();
				builder.reordered += subscriber.ledger.reordered();
				builder.deliveredUnacknowledged += extra.cardinality();
				builder.open += (subscriber.state == Subscriber.State.OPEN) ? 1 : 0;
				List<Long> gaps = view.track().gapNanos;
				builder.gapSignals += gaps.size();
				if (!gaps.isEmpty()) {
					builder.streamsWithGap++;
					tasksWithGap.set(subscriber.task);
				}
				boolean expectsGap = wipe != null && wipe.expectsGap(subscriber);
				boolean spurious = !expectsGap && !gaps.isEmpty()
						|| wipe != null && gaps.stream().anyMatch((nanos) -> nanos < wipe.nanos());
				builder.streamsWithSpuriousGap += spurious ? 1 : 0;
				builder.streamsWithMissedGap += (expectsGap && gaps.isEmpty()) ? 1 : 0;
				builder.streamsExpectingGap += expectsGap ? 1 : 0;
			}
			builder.tasksWithGap = tasksWithGap.cardinality();
			return builder;
		});
		StreamSnapshot counters = streams.connectionCounters();
		Histogram latency = streams.latencySinceLastCall();
		result.settings = this.settings;
		result.publishedSeconds = publishedSeconds;
		result.settledInMillis = settledInMillis;
		result.attempted = acks.attempted();
		result.acknowledged = Arrays.stream(acked).mapToLong(BitSet::cardinality).sum();
		result.publishFailures = acks.failed();
		result.withheld = acks.withheld();
		result.tasksHistoryLost = (wipe != null) ? wipe.tasksWithHistory().cardinality() : 0;
		result.reconnects = counters.opens() - this.settings.streams();
		result.dropped = this.dropped.get();
		result.statuses = streams.statuses();
		result.malformed = counters.malformed() - result.gapSignals;
		result.misrouted = counters.misrouted();
		result.latency = latency;
		result.actions = new EnumMap<>(this.actionCounts);
		result.actionLog = List.copyOf(this.actionLog);
		return result;
	}

	private Missing missing(StreamView view, BitSet ackedOfTask) {
		BitSet missing = (BitSet) ackedOfTask.clone();
		missing.andNot(view.track().received);
		Wipe wipe = this.wipe;
		if (missing.isEmpty() || wipe == null || view.track().gapNanos.isEmpty()) {
			return new Missing(missing.cardinality(), 0);
		}
		// Lost with the history: acknowledged before the restart without data, after the
		// last event the stream had then.
		BitSet excused = wipe.lostHistory(view.subscriber());
		excused.and(missing);
		return new Missing(missing.cardinality() - excused.cardinality(), excused.cardinality());
	}

	private static BitSet[] ackedOf(AckLog acks) {
		BitSet[] acked = new BitSet[acks.tasks()];
		for (int task = 0; task < acked.length; task++) {
			acked[task] = acks.acked(task);
		}
		return acked;
	}

	private Memory memoryOfNodeOne(String when) {
		long pid = this.cluster.nodePid(1);
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		long heap = ProcessSampler.liveHeapKib(jcmd, pid);
		long pss = ProcessSampler.memoryKib(List.of(pid));
		Memory memory = new Memory(pss, heap, this.cluster.activeStreams(1));
		log("node 1 " + when + ": " + memory);
		return memory;
	}

	private void log(String message) {
		System.err.printf(Locale.ROOT, "[soak +%.0fs] %s%n", (System.nanoTime() - this.originNanos) / 1e9, message);
	}

	/**
	 * What runs while the chaos goes on: the publisher, at the soak's rate, and the
	 * churn, which drops some streams' connections every second. Both stop on close.
	 */
	private final class Background implements AutoCloseable {

		private final AtomicBoolean publishing = new AtomicBoolean(true);

		private final CompletableFuture<Void> publisher;

		private final ScheduledExecutorService churn = Executors.newSingleThreadScheduledExecutor(
				(task) -> Thread.ofPlatform().name("soak-churn").daemon().unstarted(task));

		Background(RateDriver driver, TrackedStreams streams) {
			Settings s = ChaosSoak.this.settings;
			this.publisher = CompletableFuture.runAsync(() -> {
				while (this.publishing.get()) {
					driver.run(s.rate(), Duration.ofSeconds(1));
				}
			}, (task) -> Thread.ofPlatform().name("soak-publisher").daemon().start(task));
			Random random = new Random(s.seed() + 1);
			this.churn.scheduleAtFixedRate(() -> ChaosSoak.this.dropped.addAndGet(streams.drop(s.churn(), random)), 1,
					1, TimeUnit.SECONDS);
		}

		@Override
		public void close() {
			this.publishing.set(false);
			this.publisher.join();
			this.churn.shutdownNow();
		}

	}

	/**
	 * A chaos action.
	 */
	enum Action {

		KILL("kill"), TERM("term"), PAUSE("pause"), REDIS_SAVE("redis-save"), REDIS_WIPE("redis-wipe");

		private final String label;

		Action(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

		static Action of(String label) {
			for (Action action : values()) {
				if (action.label.equals(label)) {
					return action;
				}
			}
			throw new IllegalArgumentException("Unknown action " + label);
		}

	}

	/**
	 * What the soak runs with.
	 *
	 * @param clusterDirectory the cluster's state directory
	 * @param duration how long events are published
	 * @param streams the number of streams
	 * @param tasks the number of tasks
	 * @param quietTasks tasks (the last ones) without events until the restart without
	 * data, so that they have no history to lose
	 * @param rate events per second, over all tasks
	 * @param interval time between the starts of chaos actions (an action that takes
	 * longer delays the next)
	 * @param pause how long a paused node stays stopped
	 * @param actions the actions in order, or empty for random ones (a restart without
	 * data once, in the second half)
	 * @param seed the seed of the random choices
	 * @param churn streams whose connection is dropped every second (they resume at once,
	 * and so spread over the nodes again after restarts)
	 */
	record Settings(Path clusterDirectory, Duration duration, int streams, int tasks, int quietTasks, double rate,
			Duration interval, Duration pause, List<Action> actions, long seed, int churn) {

		static Settings from(Options options) {
			String directory = options.get("cluster-dir", System.getenv().getOrDefault("SSEGATE_CLUSTER_DIR", ""));
			if (directory.isEmpty()) {
				throw new IllegalArgumentException("Missing --cluster-dir (or SSEGATE_CLUSTER_DIR)");
			}
			int tasks = options.getInt("tasks", 200);
			String actions = options.get("actions", "random");
			return new Settings(Path.of(directory), options.getSeconds("seconds", 600), options.getInt("streams", 2000),
					tasks, options.getInt("quiet-tasks", tasks / 10), options.getDouble("rate", 200),
					options.getSeconds("interval", 15), options.getSeconds("pause-seconds", 8),
					"random".equals(actions) ? List.of()
							: Arrays.stream(actions.split(",")).map(String::trim).map(Action::of).toList(),
					Long.parseLong(options.get("seed", String.valueOf(System.currentTimeMillis()))),
					options.getInt("churn", Math.max(1, options.getInt("streams", 2000) / 100)));
		}

	}

	/**
	 * Node 1's memory at one instant, after a full GC.
	 *
	 * @param pssKib its proportional set size
	 * @param liveHeapKib its heap in use after the GC
	 * @param streams its open streams
	 */
	record Memory(long pssKib, long liveHeapKib, long streams) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "PSS %.1f MiB, live heap %.1f MiB, %d streams", this.pssKib / 1024.0,
					this.liveHeapKib / 1024.0, this.streams);
		}

	}

	/**
	 * A stream's missing events: without a gap signal, and lost with the history after
	 * one.
	 */
	private record Missing(long silent, long afterGap) {
	}

	/**
	 * The instant of the restart without data (Redis down), and what stood then.
	 *
	 * @param nanos when
	 * @param ackedByTask the acknowledged events of each task: its history, now lost
	 * @param highestByStream the highest sequence number each stream had received
	 * @param hadIdByStream whether each stream had an event id to resume from
	 * @param tasksWithHistory the tasks with at least one acknowledged event
	 */
	record Wipe(long nanos, BitSet[] ackedByTask, int[] highestByStream, boolean[] hadIdByStream,
			BitSet tasksWithHistory) {

		static Wipe take(TrackedStreams streams, AckLog acks) {
			long nanos = System.nanoTime();
			BitSet[] acked = ackedOf(acks);
			BitSet withHistory = new BitSet();
			for (int task = 0; task < acked.length; task++) {
				withHistory.set(task, !acked[task].isEmpty());
			}
			return streams.read((views) -> {
				int[] highest = new int[views.size()];
				boolean[] hadId = new boolean[views.size()];
				for (StreamView view : views) {
					highest[view.subscriber().index] = view.track().received.length() - 1;
					hadId[view.subscriber().index] = view.subscriber().parser.lastEventId() != null;
				}
				return new Wipe(nanos, acked, highest, hadId, withHistory);
			});
		}

		/**
		 * Whether a stream must get a gap signal: its task had a history, and it had an
		 * id to resume from.
		 */
		boolean expectsGap(Subscriber subscriber) {
			return this.tasksWithHistory.get(subscriber.task) && this.hadIdByStream[subscriber.index];
		}

		/**
		 * The events a stream may miss with a gap signal: its task's events acknowledged
		 * before the restart, after the last one it had received then.
		 */
		BitSet lostHistory(Subscriber subscriber) {
			BitSet lost = (BitSet) this.ackedByTask[subscriber.task].clone();
			lost.clear(0, this.highestByStream[subscriber.index] + 1);
			return lost;
		}

	}

}
