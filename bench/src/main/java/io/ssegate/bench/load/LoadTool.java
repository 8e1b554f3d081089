package io.ssegate.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ssegate.bench.load.StreamClient.StreamSpec;

/**
 * The SSE load tool. Commands:
 * <ul>
 * <li>{@code suite}: every scenario on one system (idle capacity, many tasks, wide
 * fan-out, latency, stalled streams);</li>
 * <li>{@code run}: one fixed-rate run;</li>
 * <li>{@code storm}: the reconnect storm on two nodes;</li>
 * <li>{@code floor}: loopback writes and redis-benchmark;</li>
 * <li>{@code report}: the Markdown tables of a results directory.</li>
 * </ul>
 * Results go to standard output and, with {@code --out file}, as JSON lines to a file.
 */
public final class LoadTool {

	private LoadTool() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			System.err.println("Usage: LoadTool suite|run|storm|floor|report --name value ...");
			System.exit(2);
		}
		Options options = Options.parse(Arrays.asList(args).subList(1, args.length));
		String out = options.get("out");
		ResultLog log = new ResultLog((out != null) ? Path.of(out) : null);
		long originNanos = System.nanoTime();
		switch (args[0]) {
			case "suite" -> new Suite(Target.from(options), options, log, originNanos).run();
			case "run" -> run(Target.from(options), options, log, originNanos);
			case "storm" -> new Storm(Target.from(options), options, log, originNanos).run();
			case "floor" -> new Floor(options, log).run();
			case "report" -> System.out
				.print(Report.read(Path.of(options.require("dir")), options.get("reference", "nchan-2")).markdown());
			default -> throw new IllegalArgumentException("Unknown command " + args[0]);
		}
		System.exit(0);
	}

	/**
	 * One fixed-rate run: {@code --streams} streams over {@code --tasks} tasks,
	 * {@code --rate} events per second for {@code --seconds}.
	 */
	private static void run(Target target, Options options, ResultLog log, long originNanos) {
		int streams = options.getInt("streams", 1000);
		int tasks = options.getInt("tasks", 100);
		String runId = options.get("run-id", Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36));
		List<String> taskIds = new ArrayList<>();
		for (int i = 0; i < tasks; i++) {
			taskIds.add("b" + runId + "-r-" + i);
		}
		try (StreamClient client = new StreamClient(target.subscribe(), options.getInt("max-connecting", 512),
				originNanos); EventPublisher publisher = target.newPublisher()) {
			List<StreamSpec> specs = new ArrayList<>();
			for (int i = 0; i < streams; i++) {
				specs.add(new StreamSpec(i % tasks, taskIds.get(i % tasks), i % target.subscribe().size()));
			}
			client.open(specs);
			if (!client.awaitOpen(streams, Duration.ofSeconds(120))) {
				throw new IllegalStateException("Streams did not open");
			}
			RateDriver driver = new RateDriver(publisher, taskIds, originNanos, options.getInt("payload-bytes", 64));
			Map<String, Object> labels = new LinkedHashMap<>();
			labels.put("system", target.system());
			labels.put("scenario", "run");
			labels.put("tasks", tasks);
			labels.put("subscribersPerTask", streams / tasks);
			log.emit(new Step(target, client, driver, labels).run("fixed", options.getDouble("rate", 100),
					options.getSeconds("seconds", 5)));
		}
	}

}
