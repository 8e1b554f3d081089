package io.ssegate.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.ssegate.bench.load.StreamClient.StreamSpec;

/**
 * Memory per idle stream of a gateway node, for streams of one task or of several: opens
 * streams of {@code --tasks-per-stream} tasks each, every task on one stream only, up to
 * each level of {@code --subscriptions} (the number of task subscriptions: 5000 is 5000
 * streams of one task, or 500 of ten) or of {@code --streams}, and after each level reads
 * the node's live heap after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info})
 * and the PSS of its process. The figures per stream are least-squares slopes over the
 * levels (from the empty node when there is one level). With {@code --histogram file}, a
 * class histogram of the node at the last level goes to the file. Then it closes every
 * stream and reads the live heap again, which should be back near the baseline. With
 * {@code --rate} and {@code --publish} (a Redis URI or the HTTP publish API's URL
 * template) and {@code --metrics} (the node's Prometheus scrape URL, on its management
 * port), it then publishes to every task of the streams for {@code --warm-up-seconds}
 * (8), then for {@code --seconds} (8), and reports the node's CPU per delivery
 * ({@link DeliveryCpu}). Run it against a fresh node for each shape: a JVM keeps the heap
 * it grew. <pre>
 * java -cp ... io.ssegate.bench.load.StreamMemory --subscribe 'http://127.0.0.1:19080/sse/register'
 *   --jvm-pid 1234 --tasks-per-stream 10 --subscriptions 1000,3000,5000 [--out results.jsonl]
 * </pre> {@code --subscribe} is the URL of the SSE endpoint without its {@code taskId}
 * parameters, which the tool adds.
 */
public final class StreamMemory {

	private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(2);

	private StreamMemory() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		Options options = Options.parse(Arrays.asList(args));
		int tasksPerStream = options.getInt("tasks-per-stream", 1);
		long pid = Long.parseLong(options.require("jvm-pid"));
		String jcmd = options.get("jcmd",
				ProcessHandle.current().info().command().orElse("java").replaceAll("java$", "jcmd"));
		String out = options.get("out");
		ResultLog log = new ResultLog((out != null) ? Path.of(out) : null);
		Endpoint endpoint = Endpoint.parse(template(options.require("subscribe"), tasksPerStream));
		String run = options.get("run-id", Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36));
		Map<String, Object> labels = new LinkedHashMap<>();
		labels.put("system", options.get("system", "ssegate-1"));
		labels.put("scenario", "stream-memory");
		labels.put("tasksPerStream", tasksPerStream);
		labels.put("round", options.getInt("round", 1));
		try (StreamClient client = new StreamClient(List.of(endpoint), options.getInt("max-connecting", 512),
				System.nanoTime())) {
			List<double[]> points = new ArrayList<>();
			points.add(sample(log, labels, 0, pid, jcmd));
			for (int streams : levels(options, tasksPerStream)) {
				open(client, run, (int) points.get(points.size() - 1)[0], streams);
				points.add(sample(log, labels, streams, pid, jcmd));
			}
			int open = (int) points.get(points.size() - 1)[0];
			String histogram = options.get("histogram");
			if (histogram != null) {
				Files.writeString(Path.of(histogram), run(jcmd, String.valueOf(pid), "GC.class_histogram"));
			}
			if (options.get("rate") != null) {
				measureCpu(options, log, labels, pid, taskIds(run, open, tasksPerStream));
			}
			client.closeAll();
			Step.sleep(2000);
			long liveHeapKibAfterClose = memoryAfterGc(pid, jcmd)[1];
			log.emit(perStream(labels, points, liveHeapKibAfterClose));
		}
		System.exit(0);
	}

	/** Open streams {@code from} to {@code to - 1} and wait until they are open. */
	private static void open(StreamClient client, String run, int from, int to) {
		client.open(IntStream.range(from, to).mapToObj((i) -> new StreamSpec(i, "b" + run + "-s" + i, 0)).toList());
		if (!client.awaitOpen(to, OPEN_TIMEOUT)) {
			throw new IllegalStateException("Only some of " + to + " streams opened");
		}
		Step.sleep(1000);
	}

	/**
	 * The figures per stream: slopes over the levels only when there are two, because the
	 * empty node's live heap moves by up to a MiB (what its start leaves), as much as a
	 * few hundred streams hold.
	 */
	private static Map<String, Object> perStream(Map<String, Object> labels, List<double[]> points,
			long liveHeapKibAfterClose) {
		List<double[]> fitted = (points.size() > 2) ? points.subList(1, points.size()) : points;
		Map<String, Object> summary = new LinkedHashMap<>(labels);
		summary.put("phase", "per-stream");
		summary.put("streams", (int) points.get(points.size() - 1)[0]);
		summary.put("liveHeapBytesPerStream", Suite.slope(fitted, 2) * 1024);
		summary.put("pssBytesPerStream", Suite.slope(fitted, 1) * 1024);
		summary.put("liveHeapKibLeftAfterClose", liveHeapKibAfterClose - (long) points.get(0)[2]);
		return summary;
	}

	private static void measureCpu(Options options, ResultLog log, Map<String, Object> labels, long pid,
			List<String> taskIds) {
		DeliveryCpu cpu = new DeliveryCpu(options.require("metrics"), pid, options.require("publish"));
		Map<String, Object> result = new LinkedHashMap<>(labels);
		result.put("phase", "cpu");
		result.put("tasks", taskIds.size());
		result.putAll(cpu.measure(taskIds, options.getDouble("rate", 1000), options.getSeconds("warm-up-seconds", 8),
				options.getSeconds("seconds", 8)));
		log.emit(result);
	}

	/**
	 * The tasks of the first {@code streams} streams, as {@link #template} names them.
	 */
	private static List<String> taskIds(String run, int streams, int tasksPerStream) {
		List<String> taskIds = new ArrayList<>(streams * tasksPerStream);
		for (int i = 0; i < streams; i++) {
			String stream = "b" + run + "-s" + i;
			for (int task = 0; task < tasksPerStream; task++) {
				taskIds.add((tasksPerStream == 1) ? stream : stream + "." + task);
			}
		}
		return taskIds;
	}

	/**
	 * The numbers of streams to measure at: {@code --streams}, or {@code --subscriptions}
	 * divided by the tasks per stream.
	 */
	private static List<Integer> levels(Options options, int tasksPerStream) {
		if (options.get("streams") != null) {
			return options.getInts("streams", "");
		}
		return options.getInts("subscriptions", "1000,3000,5000")
			.stream()
			.map((subscriptions) -> subscriptions / tasksPerStream)
			.toList();
	}

	/**
	 * The endpoint's template with one {@code taskId} parameter per task of a stream:
	 * stream {@code s} follows {@code s.0}, {@code s.1}, and so on, or {@code s} alone.
	 */
	static String template(String url, int tasksPerStream) {
		String separator = url.contains("?") ? "&" : "?";
		if (tasksPerStream == 1) {
			return url + separator + "taskId={task}";
		}
		return url + separator
				+ IntStream.range(0, tasksPerStream)
					.mapToObj((i) -> "taskId={task}." + i)
					.collect(Collectors.joining("&"));
	}

	private static double[] sample(ResultLog log, Map<String, Object> labels, int streams, long pid, String jcmd) {
		long[] memory = memoryAfterGc(pid, jcmd);
		Map<String, Object> result = new LinkedHashMap<>(labels);
		result.put("phase", "level");
		result.put("streams", streams);
		result.put("pssMib", memory[0] / 1024.0);
		result.put("liveHeapMib", memory[1] / 1024.0);
		log.emit(result);
		return new double[] { streams, memory[0], memory[1] };
	}

	private static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		return output;
	}

	/** PSS and live heap in KiB, after a full GC. */
	private static long[] memoryAfterGc(long pid, String jcmd) {
		long heap = ProcessSampler.liveHeapKib(jcmd, pid);
		return new long[] { ProcessSampler.memoryKib(List.of(pid)), heap };
	}

}
