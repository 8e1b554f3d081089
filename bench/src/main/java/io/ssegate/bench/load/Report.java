package io.ssegate.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a run's JSON lines (and JMH's JSON results) into the Markdown tables of
 * {@code BENCHMARKS.md}: every system side by side, with its ratio to the reference
 * system.
 */
final class Report {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<Map<String, Object>> results;

	private final @Nullable JsonNode jmh;

	private final String reference;

	Report(List<Map<String, Object>> results, @Nullable JsonNode jmh, String reference) {
		this.results = results;
		this.jmh = jmh;
		this.reference = reference;
	}

	static Report read(Path directory, String reference) throws IOException {
		List<Map<String, Object>> results = new ArrayList<>();
		Path lines = directory.resolve("results.jsonl");
		if (Files.exists(lines)) {
			for (String line : Files.readAllLines(lines)) {
				if (!line.isBlank()) {
					results.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() {
					}));
				}
			}
		}
		Path jmhFile = directory.resolve("jmh.json");
		JsonNode jmh = Files.exists(jmhFile) ? JSON.readTree(jmhFile.toFile()) : null;
		return new Report(results, jmh, reference);
	}

	String markdown() {
		StringBuilder out = new StringBuilder();
		systemsTable(out);
		stormTable(out);
		rollingTable(out);
		floorTable(out);
		jmhTable(out);
		return out.toString();
	}

	private void systemsTable(StringBuilder out) {
		List<String> systems = systems();
		if (systems.isEmpty()) {
			return;
		}
		List<String> compared = systems.stream().filter((system) -> !system.equals(this.reference)).toList();
		boolean hasReference = systems.contains(this.reference);
		out.append("| | ").append(String.join(" | ", systems));
		if (hasReference) {
			compared.forEach((system) -> out.append(" | ").append(system).append(" ÷ ").append(this.reference));
		}
		out.append(" |\n|---|");
		out.append("---:|".repeat(systems.size() + (hasReference ? compared.size() : 0))).append('\n');
		for (Metric metric : metrics()) {
			out.append("| ").append(metric.label());
			for (String system : systems) {
				out.append(" | ").append(format(metric.value().apply(system)));
			}
			if (hasReference) {
				Double base = metric.value().apply(this.reference);
				for (String system : compared) {
					Double value = metric.value().apply(system);
					out.append(" | ")
						.append((metric.ratio() && value != null && base != null && base != 0)
								? String.format(Locale.ROOT, "%.2f", value / base) : "");
				}
			}
			out.append(" |\n");
		}
		out.append("| Lost / duplicated / reordered over each fan-out shape (late: > 5 s after their step)");
		systems.forEach((system) -> out.append(" | ").append(integrityRow(system)));
		out.append(" |".repeat(hasReference ? compared.size() : 0)).append(" |\n\n");
	}

	private List<Metric> metrics() {
		List<Metric> metrics = new ArrayList<>();
		metrics.add(new Metric("Memory per idle stream, KiB (PSS slope, 0→10k, after full GC)",
				(system) -> number(find(system, "idle", "per-stream"), "memoryKibPerStream"), true));
		metrics.add(new Metric("Live heap per idle stream, KiB",
				(system) -> positive(number(find(system, "idle", "per-stream"), "liveHeapKibPerStream")), true));
		metrics.add(new Metric("Memory with 10k idle streams, MiB",
				(system) -> number(last(system, "idle", "level", (result) -> intOf(result, "streams") >= 10_000),
						"serverMemoryMib"),
				true));
		metrics.add(new Metric("Connect rate 5k→10k, streams/s",
				(system) -> number(last(system, "idle", "level", (result) -> intOf(result, "streams") >= 10_000),
						"connectsPerSecond"),
				true));
		for (String shape : List.of("many-tasks", "wide")) {
			String name = shape.equals("wide") ? "Wide fan-out" : "Many tasks";
			metrics.add(new Metric(name + ": max sustained deliveries/s",
					(system) -> number(find(system, shape, "max"), "deliveriesPerSecond"), true));
			metrics.add(new Metric(name + ": server CPU µs/delivery at max",
					(system) -> number(find(system, shape, "max"), "serverCpuUsPerDelivery"), true));
			for (String phase : List.of("load-25", "load-50", "load-75")) {
				metrics.add(new Metric(name + ": p99 ms at " + phase.substring(5) + " % of reference rate",
						(system) -> number(find(system, shape, phase), "p99Ms"), true));
			}
			metrics.add(new Metric(name + ": server CPU µs/delivery at 50 %",
					(system) -> number(find(system, shape, "load-50"), "serverCpuUsPerDelivery"), true));
			metrics.add(new Metric(name + ": Redis CPU µs/delivery at 50 %",
					(system) -> positive(number(find(system, shape, "load-50"), "redisCpuUsPerDelivery")), true));
			for (String phase : List.of("slow-25", "slow-50", "slow-75")) {
				metrics.add(new Metric(name + ": p99 ms at " + phase.substring(5) + " %, 1 % of streams stalled",
						(system) -> number(find(system, shape, phase), "p99Ms"), true));
			}
			metrics.add(new Metric(name + ": reference rate, events/s",
					(system) -> number(find(system, shape, "load-50"), "referenceRate"), false));
		}
		return metrics;
	}

	private String integrityRow(String system) {
		long lost = 0;
		long duplicates = 0;
		long reordered = 0;
		long late = 0;
		for (Map<String, Object> result : this.results) {
			String phase = String.valueOf(result.get("phase"));
			if (!system.equals(result.get("system"))) {
				continue;
			}
			if (phase.equals("integrity")) {
				lost += longOf(result, "lost");
				duplicates += longOf(result, "duplicates");
				reordered += longOf(result, "reordered");
			}
			else if (phase.startsWith("load-") || phase.startsWith("slow-")) {
				late += longOf(result, "lost");
			}
		}
		return lost + " / " + duplicates + " / " + reordered + ((late > 0) ? " (" + late + " late)" : "");
	}

	private void stormTable(StringBuilder out) {
		List<Map<String, Object>> storms = this.results.stream()
			.filter((result) -> "storm".equals(result.get("scenario")))
			.toList();
		if (storms.isEmpty()) {
			return;
		}
		out.append("| Reconnect storm | streams moved | s to 99 % resumed | s to all | lost | duplicated | reordered |"
				+ " surviving node p99 / max ms | moved streams p99 ms |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Map<String, Object> storm : storms) {
			out.append("| ")
				.append(storm.get("system"))
				.append(" | ")
				.append(storm.get("movedStreams"))
				.append(" | ")
				.append(format(number(storm, "secondsTo99PercentResumed")))
				.append(" | ")
				.append(format(number(storm, "secondsToAllResumed")))
				.append(" | ")
				.append(storm.get("lost"))
				.append(" | ")
				.append(storm.get("duplicates"))
				.append(" | ")
				.append(storm.get("reordered"))
				.append(" | ")
				.append(format(number(storm, "p99Ms")))
				.append(" / ")
				.append(format(number(storm, "maxMs")))
				.append(" | ")
				.append(format(number(storm, "movedP99Ms")))
				.append(" |\n");
		}
		out.append('\n');
	}

	private void rollingTable(StringBuilder out) {
		List<Map<String, Object>> restarts = this.results.stream()
			.filter((result) -> "rolling".equals(result.get("scenario")))
			.toList();
		if (restarts.isEmpty()) {
			return;
		}
		out.append("| Rolling restart | streams | interrupted | s for the restart | lost | duplicated | reordered |"
				+ " outage p50 / p99 / max ms | delivery p99 / max ms | streams per node after | s to fair share |\n"
				+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
		for (Map<String, Object> restart : restarts) {
			out.append("| ")
				.append(restart.get("system"))
				.append(" | ")
				.append(restart.get("streams"))
				.append(" | ")
				.append(restart.get("interruptedStreams"))
				.append(" | ")
				.append(format(number(restart, "restartSeconds")))
				.append(" | ")
				.append(restart.get("lost"))
				.append(" | ")
				.append(restart.get("duplicates"))
				.append(" | ")
				.append(restart.get("reordered"))
				.append(" | ")
				.append(format(number(restart, "outageP50Ms")))
				.append(" / ")
				.append(format(number(restart, "outageP99Ms")))
				.append(" / ")
				.append(format(number(restart, "outageMaxMs")))
				.append(" | ")
				.append(format(number(restart, "p99Ms")))
				.append(" / ")
				.append(format(number(restart, "maxMs")))
				.append(" | ")
				.append(restart.get("streamsPerNode"))
				.append(" | ")
				.append(format(number(restart, "secondsToFairShare")))
				.append(" |\n");
		}
		out.append('\n');
	}

	private void floorTable(StringBuilder out) {
		Map<String, Object> loopback = find("floor", "floor", "loopback-writes");
		Map<String, Object> publish = find("floor", "floor", "redis-publish");
		Map<String, Object> script = find("floor", "floor", "redis-publish-script");
		if (loopback == null && publish == null) {
			return;
		}
		out.append("| Floor (this machine, same run) | per second | CPU µs each |\n|---|---:|---:|\n");
		if (loopback != null) {
			out.append("| Loopback socket writes, ")
				.append(loopback.get("frameBytes"))
				.append(" B to ")
				.append(loopback.get("connections"))
				.append(" sockets in turn (writer and reader in one JVM) | ")
				.append(format(number(loopback, "writesPerSecond")))
				.append(" | ")
				.append(format(number(loopback, "cpuUsPerWrite")))
				.append(" |\n");
		}
		if (publish != null) {
			out.append("| redis-benchmark PUBLISH, 100 B, 20 clients | ")
				.append(format(number(publish, "requestsPerSecond")))
				.append(" | |\n");
		}
		if (script != null) {
			out.append("| redis-benchmark EVALSHA publish.lua (notifier-client's publish), 1000 tasks | ")
				.append(format(number(script, "requestsPerSecond")))
				.append(" | |\n");
		}
		out.append('\n');
	}

	private void jmhTable(StringBuilder out) {
		if (this.jmh == null || !this.jmh.isArray() || this.jmh.isEmpty()) {
			return;
		}
		out.append("| JMH benchmark | parameters | score | error | unit |\n|---|---|---:|---:|---|\n");
		for (JsonNode run : this.jmh) {
			String benchmark = run.path("benchmark").asString();
			benchmark = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
			StringBuilder parameters = new StringBuilder();
			run.path("params")
				.properties()
				.forEach((entry) -> parameters.append(entry.getKey())
					.append('=')
					.append(entry.getValue().asString())
					.append(' '));
			JsonNode metric = run.path("primaryMetric");
			out.append("| ")
				.append(benchmark)
				.append(" | ")
				.append(parameters.toString().trim())
				.append(" | ")
				.append(format(number(metric.path("score"))))
				.append(" | ")
				.append(format(number(metric.path("scoreError"))))
				.append(" | ")
				.append(metric.path("scoreUnit").asString())
				.append(" |\n");
		}
		out.append('\n');
	}

	private List<String> systems() {
		Set<String> systems = new LinkedHashSet<>();
		for (Map<String, Object> result : this.results) {
			String system = String.valueOf(result.get("system"));
			Object scenario = result.get("scenario");
			if (!system.equals("floor") && !"storm".equals(scenario) && !"rolling".equals(scenario)) {
				systems.add(system);
			}
		}
		return new ArrayList<>(systems);
	}

	private @Nullable Map<String, Object> find(String system, String scenario, String phase) {
		return last(system, scenario, phase, (result) -> true);
	}

	private @Nullable Map<String, Object> last(String system, String scenario, String phase,
			Predicate<Map<String, Object>> filter) {
		Map<String, Object> found = null;
		for (Map<String, Object> result : this.results) {
			if (system.equals(result.get("system")) && scenario.equals(result.get("scenario"))
					&& phase.equals(result.get("phase")) && filter.test(result)) {
				found = result;
			}
		}
		return found;
	}

	private static @Nullable Double number(@Nullable Map<String, Object> result, String field) {
		if (result == null || !(result.get(field) instanceof Number number)) {
			return null;
		}
		return number.doubleValue();
	}

	/**
	 * A JSON number, or {@code null} for anything else (JMH writes "NaN" as a string).
	 */
	private static @Nullable Double number(JsonNode node) {
		return node.isNumber() ? node.doubleValue() : null;
	}

	private static @Nullable Double positive(@Nullable Double value) {
		return (value != null && value >= 0) ? value : null;
	}

	private static int intOf(Map<String, Object> result, String field) {
		return (result.get(field) instanceof Number number) ? number.intValue() : 0;
	}

	private static long longOf(Map<String, Object> result, String field) {
		return (result.get(field) instanceof Number number) ? number.longValue() : 0;
	}

	static String format(@Nullable Double value) {
		if (value == null) {
			return "–";
		}
		double magnitude = Math.abs(value);
		if (magnitude >= 1000) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (magnitude >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	private record Metric(String label, Function<String, @Nullable Double> value, boolean ratio) {
	}

}
