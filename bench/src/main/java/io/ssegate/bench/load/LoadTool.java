package io.ssegate.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SSE load tool. Commands:
 * <ul>
 * <li>{@code suite}: every scenario on one system (idle capacity, many tasks, wide
 * fan-out, latency, stalled streams);</li>
 * <li>{@code run}: one fixed-rate run;</li>
 * <li>{@code storm}: the reconnect storm on two nodes;</li>
 * <li>{@code rolling}: a rolling restart of the nodes behind a load balancer;</li>
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
			System.err.println("Usage: LoadTool suite|run|storm|rolling|floor|report --name value ...");
			System.exit(2);
		}
		Options options = Options.parse(Arrays.asList(args).subList(1, args.length));
		String out = options.get("out");
		ResultLog log = new ResultLog((out != null) ? Path.of(out) : null);
		long originNanos = System.nanoTime();
		switch (args[0]) {
			case "suite" -> new Suite(ScenarioContext.of(options, log, originNanos)).run();
			case "run" -> run(ScenarioContext.of(options, log, originNanos));
			case "storm" -> new Storm(ScenarioContext.of(options, log, originNanos)).run();
			case "rolling" -> new Rolling(ScenarioContext.of(options, log, originNanos)).run();
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
	private static void run(ScenarioContext context) {
		Options options = context.options();
		Target target = context.target();
		int streams = options.getInt("streams", 1000);
		int tasks = options.getInt("tasks", 100);
		List<String> taskIds = context.taskIds("r", tasks);
		try (StreamClient client = context.newStreamClient(); EventPublisher publisher = target.newPublisher()) {
			context.openStreams(client, taskIds, 0, streams, Duration.ofSeconds(120));
			RateDriver driver = new RateDriver(publisher, taskIds, context.originNanos(),
					options.getInt("payload-bytes", 64));
			Map<String, Object> labels = new LinkedHashMap<>();
			labels.put("system", target.system());
			labels.put("scenario", "run");
			labels.put("tasks", tasks);
			labels.put("subscribersPerTask", streams / tasks);
			context.log()
				.emit(new Step(target, client, driver, labels).run("fixed", options.getDouble("rate", 100),
						options.getSeconds("seconds", 5)));
		}
	}

}
