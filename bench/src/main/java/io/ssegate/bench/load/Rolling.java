package io.ssegate.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

/**
 * The rolling restart, as a deploy does it: streams opened through the load balancer,
 * events published all along, and a command that gives each node in turn SIGTERM (it
 * drains), waits until it exits and starts it again. The streams honor {@code retry:}, as
 * {@code EventSource} does. Measures what was lost or duplicated (over every stream and
 * the whole run), the longest time each interrupted stream went without an open stream
 * (p99 over those streams), the delivery latency over the whole run, and how the streams
 * are spread over the nodes afterwards, against a fair share.
 */
final class Rolling {

	private static final Pattern ACTIVE = Pattern.compile("^ssegate_streams_active\\S* ([0-9.Ee+-]+)$",
			Pattern.MULTILINE);

	private final ScenarioContext context;

	Rolling(ScenarioContext context) {
		this.context = context;
	}

	void run() {
		Options options = this.context.options();
		Target target = this.context.target();
		String restart = options.require("restart-command");
		List<String> metrics = options.all("metrics");
		int streams = options.getInt("streams", 6000);
		int tasks = options.getInt("tasks", 600);
		double rate = options.getDouble("rate", 200);
		Duration before = options.getSeconds("before-seconds", 5);
		Duration longest = options.getSeconds("max-seconds", 180);
		Duration share = options.getSeconds("share-seconds", 30);
		List<String> taskIds = this.context.taskIds("r", tasks);
		try (StreamClient client = this.context.newStreamClient(); EventPublisher publisher = target.newPublisher()) {
			client.honorRetry();
			this.context.openStreams(client, taskIds, 0, streams, Duration.ofSeconds(60));
			RateDriver driver = new RateDriver(publisher, taskIds, this.context.originNanos(), 64);
			client.latencySinceLastCall(0);
			CompletableFuture<RateDriver.Result> publishing = CompletableFuture
				.supplyAsync(() -> driver.run(rate, longest));
			Step.sleep(before.toMillis());
			client.forgetOutages();
			long restartStart = System.nanoTime();
			int exit = runCommand(restart);
			double restartSeconds = (System.nanoTime() - restartStart) / 1e9;
			long shareStart = System.nanoTime();
			List<Integer> counts = awaitFairShare(metrics, streams, share);
			double shareSeconds = (System.nanoTime() - shareStart) / 1e9;
			driver.stop();
			RateDriver.Result sent = publishing.join();
			driver.awaitCompletions(Duration.ofSeconds(10));
			StreamSnapshot total = new Step(target, client, driver, Map.of())
				.settle(new StreamSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
			Histogram latency = client.latencySinceLastCall(0);
			StreamClient.Outages outages = client.outages();
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("system", target.system());
			result.put("scenario", "rolling");
			result.put("phase", "restart");
			result.put("streams", streams);
			result.put("tasks", tasks);
			result.put("rate", rate);
			result.put("restartExit", exit);
			result.put("restartSeconds", restartSeconds);
			Step.putDeliveries(result, sent, total);
			Step.putLatency(result, latency);
			Histogram longestOutage = outages.longestMillis();
			result.put("interruptedStreams", longestOutage.getTotalCount());
			result.put("stillOut", outages.stillOut());
			result.put("outageP50Ms", longestOutage.getValueAtPercentile(50));
			result.put("outageP99Ms", longestOutage.getValueAtPercentile(99));
			result.put("outageMaxMs", longestOutage.getMaxValue());
			result.put("streamsPerNode", counts);
			result.put("secondsToFairShare", shareSeconds);
			result.put("pass", exit == 0 && total.missing() == 0 && total.duplicates() == 0 && sent.failures() == 0
					&& outages.stillOut() == 0);
			this.context.log().emit(result);
		}
	}

	private static int runCommand(String command) {
		try {
			return new ProcessBuilder("bash", "-c", command).inheritIO().start().waitFor();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/**
	 * Wait until every node holds its fair share of the streams, within a fifth, or the
	 * time is up.
	 * @return each node's open streams, at the end of the wait
	 */
	private static List<Integer> awaitFairShare(List<String> metrics, int streams, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<Integer> counts = activeStreams(metrics);
		while (System.nanoTime() < deadline && !isFair(counts, streams)) {
			Step.sleep(500);
			counts = activeStreams(metrics);
		}
		return counts;
	}

	private static boolean isFair(List<Integer> counts, int streams) {
		double fair = (double) streams / counts.size();
		return counts.stream().allMatch((count) -> Math.abs(count - fair) <= fair / 5);
	}

	private static List<Integer> activeStreams(List<String> metrics) {
		HttpClient http = HttpClient.newHttpClient();
		List<Integer> counts = new ArrayList<>();
		for (String url : metrics) {
			try {
				String body = http
					.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
							HttpResponse.BodyHandlers.ofString())
					.body();
				Matcher matcher = ACTIVE.matcher(body);
				counts.add(matcher.find() ? (int) Double.parseDouble(matcher.group(1)) : -1);
			}
			catch (IOException ex) {
				counts.add(-1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				counts.add(-1);
			}
		}
		return counts;
	}

}
