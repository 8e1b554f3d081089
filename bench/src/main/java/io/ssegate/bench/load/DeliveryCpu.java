package io.ssegate.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server CPU per delivery of a gateway node: publishes at a fixed rate, round robin over
 * tasks, and divides the node's CPU time over the run by the deliveries the node counted
 * ({@code ssegate_events_delivered_total} on its Prometheus endpoint), so that it works
 * whatever the streams' frames look like. What the node spends receiving each event (from
 * Redis, or the HTTP publish API) is included. So is its idle work (heartbeats, timers),
 * which depends on the number of streams: the figure above idle subtracts the CPU the
 * node spent per second while nothing was published, measured just before.
 *
 * @param metricsUrl the node's Prometheus scrape URL, on its management port
 * @param pid the node's process id
 * @param publish a Redis URI (notifier-client) or the HTTP publish API's URL template
 */
record DeliveryCpu(String metricsUrl, long pid, String publish) {

	private static final String DELIVERED = "ssegate_events_delivered_total";

	/**
	 * Publish to the tasks for a warm-up (so that the JIT compiler's work is not charged
	 * to the deliveries), then for the measured time.
	 * @param taskIds the tasks, each followed on the node
	 * @param rate events per second
	 * @param warmUp how long to warm up
	 * @param duration how long to measure
	 * @return the figures, in display order
	 */
	Map<String, Object> measure(List<String> taskIds, double rate, Duration warmUp, Duration duration) {
		try (EventPublisher publisher = this.publish.startsWith("redis://") ? new NotifierPublisher(this.publish)
				: new HttpPublisher(Endpoint.parse(this.publish), HttpPublisher.Format.JSON, 32)) {
			RateDriver driver = new RateDriver(publisher, taskIds, System.nanoTime(), 64);
			driver.run(rate, warmUp);
			driver.awaitCompletions(Duration.ofSeconds(10));
			Step.sleep(1000);
			long idleStart = System.nanoTime();
			long idleCpu = ProcessSampler.cpuNanos(List.of(this.pid));
			Step.sleep(duration.toMillis());
			double idleCpuPerSecond = (ProcessSampler.cpuNanos(List.of(this.pid)) - idleCpu) * 1e9
					/ (System.nanoTime() - idleStart);
			long delivered = delivered();
			long start = System.nanoTime();
			long cpuNanos = ProcessSampler.cpuNanos(List.of(this.pid));
			RateDriver.Result sent = driver.run(rate, duration);
			driver.awaitCompletions(Duration.ofSeconds(10));
			Step.sleep(1000);
			long deliveries = delivered() - delivered;
			long cpu = ProcessSampler.cpuNanos(List.of(this.pid)) - cpuNanos;
			double idle = idleCpuPerSecond * (System.nanoTime() - start) / 1e9;
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("eventsPerSecond", sent.achievedRate());
			result.put("published", sent.sent());
			result.put("publishFailures", sent.failures());
			result.put("deliveries", deliveries);
			result.put("idleCpuPercent", idleCpuPerSecond / 1e7);
			result.put("serverCpuUsPerDelivery", (deliveries > 0) ? cpu / 1000.0 / deliveries : -1.0);
			result.put("serverCpuUsPerDeliveryAboveIdle", (deliveries > 0) ? (cpu - idle) / 1000.0 / deliveries : -1.0);
			return result;
		}
	}

	private long delivered() {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.metricsUrl)).build();
		try (HttpClient client = HttpClient.newHttpClient()) {
			String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
			return body.lines()
				.filter((line) -> line.startsWith(DELIVERED))
				.mapToLong((line) -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the node's meters", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
