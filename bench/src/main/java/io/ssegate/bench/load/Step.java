package io.ssegate.bench.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * One measured run at a fixed rate: publish for a while, wait for the deliveries to
 * settle, and compare what arrived with what was stored, with the server's CPU time over
 * the same interval.
 */
final class Step {

	/** A run passes with at least this share of the expected deliveries... */
	static final double MIN_DELIVERED = 0.999;

	/** ...and a 99th percentile latency below this. */
	static final double MAX_P99_MILLIS = 100;

	private static final Duration SETTLE_QUIET = Duration.ofMillis(500);

	private static final Duration SETTLE_MAX = Duration.ofSeconds(5);

	private final Target target;

	private final StreamClient client;

	private final RateDriver driver;

	private final Map<String, Object> labels;

	Step(Target target, StreamClient client, RateDriver driver, Map<String, Object> labels) {
		this.target = target;
		this.client = client;
		this.driver = driver;
		this.labels = labels;
	}

	/**
	 * Run the step.
	 * @param phase what the step is for
	 * @param rate events per second
	 * @param duration how long to publish
	 * @return the result's fields
	 */
	Map<String, Object> run(String phase, double rate, Duration duration) {
		for (int group = 0; group < 2; group++) {
			this.client.latencySinceLastCall(group);
		}
		StreamSnapshot before = this.client.snapshot(this.driver.stored());
		long serverBefore = ProcessSampler.cpuNanos(this.target.serverPids());
		long redisBefore = ProcessSampler.cpuNanos(this.target.redisPids());
		long selfBefore = ProcessSampler.cpuNanos(List.of(ProcessHandle.current().pid()));
		RateDriver.Result sent = this.driver.run(rate, duration);
		boolean completed = this.driver.awaitCompletions(SETTLE_MAX);
		StreamSnapshot delta = settle(before);
		long serverCpu = ProcessSampler.cpuNanos(this.target.serverPids()) - serverBefore;
		long redisCpu = ProcessSampler.cpuNanos(this.target.redisPids()) - redisBefore;
		long selfCpu = ProcessSampler.cpuNanos(List.of(ProcessHandle.current().pid())) - selfBefore;
		Histogram latency = this.client.latencySinceLastCall(0);
		latency.add(this.client.latencySinceLastCall(1));
		Map<String, Object> result = new LinkedHashMap<>(this.labels);
		result.put("phase", phase);
		result.put("rate", rate);
		result.put("achievedRate", sent.achievedRate());
		result.put("published", sent.sent());
		result.put("publishFailures", sent.failures() + (completed ? 0 : 1));
		result.put("streams", delta.counted());
		result.put("expected", delta.expected());
		result.put("delivered", delta.delivered());
		result.put("lost", delta.missing());
		result.put("duplicates", delta.duplicates());
		result.put("reordered", delta.reordered());
		result.put("disconnects", delta.disconnects());
		double seconds = duration.toNanos() / 1e9;
		result.put("deliveriesPerSecond", delta.delivered() / seconds);
		double ratio = (delta.expected() > 0) ? (double) delta.delivered() / delta.expected() : 1.0;
		result.put("deliveredRatio", ratio);
		putLatency(result, latency);
		result.put("serverCpuUsPerDelivery", perDelivery(serverCpu, delta.delivered()));
		result.put("redisCpuUsPerDelivery",
				this.target.redisPids().isEmpty() ? -1.0 : perDelivery(redisCpu, delta.delivered()));
		result.put("loadToolCpuUsPerDelivery", perDelivery(selfCpu, delta.delivered()));
		result.put("serverCpuCores", serverCpu / 1e9 / seconds);
		result.put("serverMemoryMib", ProcessSampler.memoryKib(this.target.memoryPids()) / 1024.0);
		boolean pass = ratio >= MIN_DELIVERED && latency.getValueAtPercentile(99) / 1000.0 < MAX_P99_MILLIS
				&& sent.failures() == 0 && completed && sent.achievedRate() >= 0.95 * rate;
		result.put("pass", pass);
		return result;
	}

	static void putDeliveries(Map<String, Object> result, RateDriver.Result sent, StreamSnapshot total) {
		result.put("published", sent.sent());
		result.put("publishFailures", sent.failures());
		result.put("expected", total.expected());
		result.put("delivered", total.delivered());
		result.put("lost", total.missing());
		result.put("duplicates", total.duplicates());
		result.put("reordered", total.reordered());
		result.put("malformed", total.malformed());
	}

	static void putLatency(Map<String, Object> result, Histogram latency) {
		result.put("p50Ms", latency.getValueAtPercentile(50) / 1000.0);
		result.put("p99Ms", latency.getValueAtPercentile(99) / 1000.0);
		result.put("p999Ms", latency.getValueAtPercentile(99.9) / 1000.0);
		result.put("maxMs", latency.getMaxValue() / 1000.0);
	}

	private static double perDelivery(long cpuNanos, long deliveries) {
		return (deliveries > 0) ? cpuNanos / 1000.0 / deliveries : 0;
	}

	/**
	 * Wait until every expected event arrived, or nothing arrived for a while.
	 * @param before the snapshot at the start of the step
	 * @return what happened since
	 */
	StreamSnapshot settle(StreamSnapshot before) {
		long deadline = System.nanoTime() + SETTLE_MAX.toNanos();
		long lastDelivered = -1;
		long lastProgress = System.nanoTime();
		while (true) {
			StreamSnapshot delta = this.client.snapshot(this.driver.stored()).since(before);
			long now = System.nanoTime();
			if (delta.delivered() != lastDelivered) {
				lastDelivered = delta.delivered();
				lastProgress = now;
			}
			if (delta.missing() == 0 || now > deadline || now - lastProgress > SETTLE_QUIET.toNanos()) {
				return delta;
			}
			sleep(50);
		}
	}

	static void sleep(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
