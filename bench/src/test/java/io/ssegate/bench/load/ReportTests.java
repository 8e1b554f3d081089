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
