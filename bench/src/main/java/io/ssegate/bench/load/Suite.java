package io.ssegate.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenarios on one system, in one go ({@code --scenarios idle,many-tasks,wide}): idle
 * capacity (memory per stream and connect rate), then two fan-out shapes, each with a
 * search for the highest rate that passes, latency at fractions of a reference rate, and
 * the same with 1 % of streams that stop reading.
 */
final class Suite {

	private static final double[] LOAD_FRACTIONS = { 0.25, 0.5, 0.75 };

	private static final int SEARCH_STEPS = 7;

	private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(120);

	private final ScenarioContext context;

	private final Duration stepDuration;

	private final int payloadBytes;

	Suite(ScenarioContext context) {
		this.context = context;
		this.stepDuration = context.options().getSeconds("step-seconds", 2);
		this.payloadBytes = context.options().getInt("payload-bytes", 64);
	}

	void run() {
		Options options = this.context.options();
		int tasks = options.getInt("tasks", 1000);
		List<Integer> levels = options.getInts("streams", "1000,5000,10000");
		List<String> scenarios = List.of(options.get("scenarios", "idle,many-tasks,wide").split(","));
		try (StreamClient client = this.context.newStreamClient()) {
			if (scenarios.contains("idle") || scenarios.contains("many-tasks")) {
				List<String> manyTaskIds = this.context.taskIds("m", tasks);
				if (scenarios.contains("idle")) {
					idle(client, manyTaskIds, levels);
				}
				else {
					this.context.openStreams(client, manyTaskIds, 0, levels.get(levels.size() - 1), OPEN_TIMEOUT);
				}
				if (scenarios.contains("many-tasks")) {
					fanOut(client, "many-tasks", manyTaskIds, levels.get(levels.size() - 1) / tasks,
							options.getDouble("start-rate-many", 250), options.getDouble("ref-many", 0));
				}
				client.closeAll();
			}
			if (scenarios.contains("wide")) {
				int wideTasks = options.getInt("wide-tasks", 10);
				int wideSubscribers = options.getInt("wide-subscribers", 1000);
				List<String> wideTaskIds = this.context.taskIds("w", wideTasks);
				this.context.openStreams(client, wideTaskIds, 0, wideTasks * wideSubscribers, OPEN_TIMEOUT);
				fanOut(client, "wide", wideTaskIds, wideSubscribers, options.getDouble("start-rate-wide", 5),
						options.getDouble("ref-wide", 0));
			}
		}
	}

	private void idle(StreamClient client, List<String> taskIds, List<Integer> levels) {
		List<double[]> points = new ArrayList<>();
		long[] baseline = this.context.target().memoryAfterGc();
		points.add(new double[] { 0, baseline[0], baseline[1] });
		emitIdle(0, 0, baseline);
		int open = 0;
		for (int level : levels) {
			double seconds = this.context.openStreams(client, taskIds, open, level, OPEN_TIMEOUT);
			double connectRate = (level - open) / seconds;
			open = level;
			Step.sleep(1000);
			long[] memory = this.context.target().memoryAfterGc();
			points.add(new double[] { level, memory[0], memory[1] });
			emitIdle(level, connectRate, memory);
		}
		Map<String, Object> summary = labels("idle");
		summary.put("phase", "per-stream");
		summary.put("streams", open);
		summary.put("memoryKibPerStream", slope(points, 1));
		summary.put("liveHeapKibPerStream", (baseline[1] >= 0) ? slope(points, 2) : -1.0);
		this.context.log().emit(summary);
	}

	private void emitIdle(int streams, double connectRate, long[] memory) {
		Map<String, Object> result = labels("idle");
		result.put("phase", "level");
		result.put("streams", streams);
		result.put("connectsPerSecond", connectRate);
		result.put("serverMemoryMib", memory[0] / 1024.0);
		result.put("liveHeapMib", (memory[1] >= 0) ? memory[1] / 1024.0 : -1.0);
		this.context.log().emit(result);
	}

	/** Least-squares slope of column {@code y} over column 0. */
	static double slope(List<double[]> points, int y) {
		double n = points.size();
		double sumX = 0;
		double sumY = 0;
		double sumXy = 0;
		double sumXx = 0;
		for (double[] point : points) {
			sumX += point[0];
			sumY += point[y];
			sumXy += point[0] * point[y];
			sumXx += point[0] * point[0];
		}
		double denominator = n * sumXx - sumX * sumX;
		return (denominator != 0) ? (n * sumXy - sumX * sumY) / denominator : 0;
	}

	private void fanOut(StreamClient client, String shape, List<String> taskIds, int subscribersPerTask,
			double startRate, double referenceRate) {
		try (EventPublisher publisher = this.context.target().newPublisher()) {
			RateDriver driver = new RateDriver(publisher, taskIds, this.context.originNanos(), this.payloadBytes);
			Map<String, Object> labels = labels(shape);
			labels.put("tasks", taskIds.size());
			labels.put("subscribersPerTask", subscribersPerTask);
			Step step = new Step(this.context.target(), client, driver, labels);
			// JVMs compile the whole path first: without this, a JIT still at work is
			// charged to
			// the first steps.
			step.run("warm-up", 2 * startRate, this.context.options().getSeconds("warm-up-seconds", 8));
			Map<String, Object> best = search(step, startRate);
			Map<String, Object> max = new LinkedHashMap<>(best);
			max.put("phase", "max");
			this.context.log().emit(max);
			double reference = (referenceRate > 0) ? referenceRate : ((Number) best.get("rate")).doubleValue();
			for (double fraction : LOAD_FRACTIONS) {
				emit(step.run("load-" + Math.round(fraction * 100), reference * fraction, this.stepDuration),
						reference);
			}
			int paused = client.pause((stream) -> stream.index % 100 == 99);
			Step.sleep(200);
			for (double fraction : LOAD_FRACTIONS) {
				Map<String, Object> result = step.run("slow-" + Math.round(fraction * 100), reference * fraction,
						this.stepDuration);
				result.put("pausedStreams", paused);
				emit(result, reference);
			}
			integrity(client, driver, labels);
		}
	}

	/**
	 * Everything the streams that kept reading received over the whole shape, once late
	 * events had time to arrive: a step counts what arrived within a few seconds of its
	 * end, this counts what never arrived.
	 */
	private void integrity(StreamClient client, RateDriver driver, Map<String, Object> labels) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		StreamSnapshot total = client.snapshot(driver.stored());
		while (total.missing() > 0 && System.nanoTime() < deadline) {
			Step.sleep(100);
			total = client.snapshot(driver.stored());
		}
		Map<String, Object> result = new LinkedHashMap<>(labels);
		result.put("phase", "integrity");
		result.put("streams", total.counted());
		result.put("expected", total.expected());
		result.put("delivered", total.delivered());
		result.put("lost", total.missing());
		result.put("duplicates", total.duplicates());
		result.put("reordered", total.reordered());
		result.put("disconnects", total.disconnects());
		result.put("malformed", total.malformed());
		result.put("misrouted", total.misrouted());
		result.put("pass", total.missing() == 0 && total.duplicates() == 0 && total.reordered() == 0);
		this.context.log().emit(result);
	}

	private void emit(Map<String, Object> result, double reference) {
		result.put("referenceRate", reference);
		this.context.log().emit(result);
	}

	/**
	 * Double the rate while it passes, then bisect between the last pass and the first
	 * failure.
	 * @return the best passing step (or the first step, if none passed)
	 */
	private Map<String, Object> search(Step step, double startRate) {
		double passed = 0;
		double failed = Double.POSITIVE_INFINITY;
		double rate = startRate;
		Map<String, Object> best = null;
		Map<String, Object> first = null;
		double maxRate = this.context.options().getDouble("max-rate", 1_000_000);
		for (int i = 0; i < SEARCH_STEPS; i++) {
			Map<String, Object> result = step.run("search", rate, this.stepDuration);
			this.context.log().emit(result);
			if (i == 0 && !Boolean.TRUE.equals(result.get("pass"))) {
				// The first step after the warm-up may still pay for JIT compilation:
				// once more.
				recover();
				result = step.run("search", rate, this.stepDuration);
				this.context.log().emit(result);
			}
			first = (first != null) ? first : result;
			if (Boolean.TRUE.equals(result.get("pass"))) {
				passed = rate;
				best = result;
			}
			else {
				failed = rate;
				recover();
			}
			if (failed == Double.POSITIVE_INFINITY) {
				rate = Math.min(rate * 2, maxRate);
				if (passed >= maxRate) {
					break;
				}
			}
			else if (passed == 0) {
				rate = failed / 2;
			}
			else if (failed / passed <= 1.2) {
				break;
			}
			else {
				rate = Math.round((passed + failed) / 2);
			}
		}
		return (best != null) ? best : first;
	}

	/**
	 * After a failed step: let the backlog drain, so that it does not count against the
	 * next step.
	 */
	private void recover() {
		Step.sleep(1000);
	}

	private Map<String, Object> labels(String scenario) {
		Map<String, Object> labels = new LinkedHashMap<>();
		labels.put("system", this.context.target().system());
		labels.put("scenario", scenario);
		return labels;
	}

}
