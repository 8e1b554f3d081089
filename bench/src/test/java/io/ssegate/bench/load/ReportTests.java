package io.ssegate.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	@Test
	void tablesEverySystemWithItsRatioToTheReference() {
		List<Map<String, Object>> results = new ArrayList<>();
		results.add(result("nchan-2", "idle", "per-stream", "memoryKibPerStream", 4.0));
		results.add(result("ssegate-1", "idle", "per-stream", "memoryKibPerStream", 6.0));
		results.add(result("nchan-2", "many-tasks", "integrity", "lost", 0));
		results.add(result("ssegate-1", "many-tasks", "integrity", "duplicates", 2));
		results.add(result("ssegate-1", "many-tasks", "load-50", "lost", 30));
		String markdown = new Report(results, null, "nchan-2").markdown();
		assertThat(markdown).contains("| | nchan-2 | ssegate-1 | ssegate-1 ÷ nchan-2 |")
			.contains("| Memory per idle stream, KiB (PSS slope, 0→10k, after full GC) | 4.00 | 6.00 | 1.50 |")
			.contains(
					"| Lost / duplicated / reordered over each fan-out shape (late: > 5 s after their step) | 0 / 0 / 0 | 0 / 2 / 0 (30 late) | |");
	}

	@Test
	void tablesRollingRestartsApartFromTheSystems() {
		List<Map<String, Object>> results = new ArrayList<>();
		results.add(result("nchan-2", "idle", "per-stream", "memoryKibPerStream", 4.0));
		Map<String, Object> rolling = result("ssegate-3", "rolling", "restart", "streams", 6000);
		rolling.putAll(Map.of("interruptedStreams", 6000L, "restartSeconds", 41.5, "lost", 0, "duplicates", 0,
				"reordered", 0, "outageP50Ms", 310L, "outageP99Ms", 1900L, "outageMaxMs", 2400L, "p99Ms", 120.0));
		rolling.putAll(Map.of("maxMs", 2500.0, "streamsPerNode", List.of(2100, 2000, 1900), "secondsToFairShare", 4.0));
		results.add(rolling);
		String markdown = new Report(results, null, "nchan-2").markdown();
		assertThat(markdown).doesNotContain("| | nchan-2 | ssegate-3 |")
			.contains("| ssegate-3 | 6000 | 6000 | 41.5 | 0 | 0 | 0 | 310.0 / 1,900 / 2,400 | 120.0 / 2,500 | "
					+ "[2100, 2000, 1900] | 4.00 |");
	}

	@Test
	void slopeOfAStraightLine() {
		List<double[]> points = List.of(new double[] { 0, 100 }, new double[] { 1000, 150 },
				new double[] { 10000, 600 });
		assertThat(Suite.slope(points, 1)).isEqualTo(0.05);
	}

	private static Map<String, Object> result(String system, String scenario, String phase, String field,
			Object value) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("system", system);
		result.put("scenario", scenario);
		result.put("phase", phase);
		result.put(field, value);
		return result;
	}

}
