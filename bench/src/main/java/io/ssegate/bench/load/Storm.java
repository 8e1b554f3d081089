package io.ssegate.bench.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * The reconnect storm: streams spread over two nodes (directly, or through a load
 * balancer), events published all along; one node is killed with SIGKILL, its streams
 * reconnect with {@code Last-Event-ID} and land on the other. Measures the time until 99
 * % of them are open again, what was lost or duplicated (over every stream and the whole
 * run), and the latency on the streams that were never interrupted (the surviving node's)
 * meanwhile. With {@code --honor-retry}, streams wait the server's {@code retry:} before
 * they reconnect, as {@code EventSource} does; by default they reconnect at once.
 */
final class Storm {

	private static final int SURVIVING = 0;

	private static final int MOVED = 1;

	private static final long STABLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final ScenarioContext context;

	Storm(ScenarioContext context) {
		this.context = context;
	}

	void run() {
		Options options = this.context.options();
		Target target = this.context.target();
		long killPid = Long.parseLong(options.require("kill-pid"));
		int streams = options.getInt("streams", 4000);
		int tasks = options.getInt("tasks", 400);
		double rate = options.getDouble("rate", 200);
		Duration before = options.getSeconds("before-seconds", 2);
		Duration after = options.getSeconds("after-seconds", 8);
		List<String> taskIds = this.context.taskIds("s", tasks);
		try (StreamClient client = this.context.newStreamClient(); EventPublisher publisher = target.newPublisher()) {
			if (options.getBoolean("honor-retry", false)) {
				client.honorRetry();
			}
			this.context.openStreams(client, taskIds, 0, streams, Duration.ofSeconds(60));
			RateDriver driver = new RateDriver(publisher, taskIds, this.context.originNanos(), 64);
			CompletableFuture<RateDriver.Result> publishing = CompletableFuture
				.supplyAsync(() -> driver.run(rate, before.plus(after)));
			Step.sleep(before.toMillis());
			client.latencySinceLastCall(SURVIVING);
			client.latencySinceLastCall(MOVED);
			client.regroupLostStreams();
			long killedAt = System.nanoTime();
			ProcessHandle.of(killPid).ifPresent(ProcessHandle::destroyForcibly);
			double toNinetyNine = awaitReopened(client, 0.99, killedAt, after);
			double toAll = awaitReopened(client, 1.0, killedAt, after);
			int moving = client.movedAndReopened(killedAt)[0];
			RateDriver.Result sent = publishing.join();
			Histogram surviving = client.latencySinceLastCall(SURVIVING);
			driver.awaitCompletions(Duration.ofSeconds(10));
			StreamSnapshot total = new Step(target, client, driver, Map.of())
				.settle(new StreamSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
			Histogram moved = client.latencySinceLastCall(MOVED);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("system", target.system());
			result.put("scenario", "storm");
			result.put("phase", "kill");
			result.put("streams", streams);
			result.put("tasks", tasks);
			result.put("rate", rate);
			result.put("honorRetry", options.getBoolean("honor-retry", false));
			result.put("movedStreams", moving);
			result.put("secondsTo99PercentResumed", toNinetyNine);
			result.put("secondsToAllResumed", toAll);
			Step.putDeliveries(result, sent, total);
			Step.putLatency(result, surviving);
			result.put("movedP99Ms", moved.getValueAtPercentile(99) / 1000.0);
			result.put("movedMaxMs", moved.getMaxValue() / 1000.0);
			result.put("pass", total.missing() == 0 && total.duplicates() == 0 && sent.failures() == 0);
			this.context.log().emit(result);
		}
	}

	/**
	 * Wait until a share of the streams that lost their connection are open again; the
	 * number that lost it must have stayed the same for a while (the node's sockets are
	 * all reset at once when it dies).
	 * @return the seconds since the kill, or -1 on timeout
	 */
	private static double awaitReopened(StreamClient client, double share, long killedAt, Duration timeout) {
		long deadline = killedAt + timeout.toNanos();
		int lastMoved = -1;
		long movedSince = System.nanoTime();
		while (System.nanoTime() < deadline) {
			int[] counts = client.movedAndReopened(killedAt);
			long now = System.nanoTime();
			if (counts[0] != lastMoved) {
				lastMoved = counts[0];
				movedSince = now;
			}
			boolean settled = now - movedSince >= STABLE_NANOS;
			if (settled && counts[0] > 0 && counts[1] >= Math.ceil(counts[0] * share)) {
				return (now - killedAt) / 1e9;
			}
			Step.sleep(5);
		}
		return -1;
	}

}
