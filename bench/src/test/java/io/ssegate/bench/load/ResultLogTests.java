package io.ssegate.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ResultLogTests {

	@TempDir
	Path directory;

	@Test
	void writesOneJsonLinePerResultInFieldOrder() throws Exception {
		Path file = this.directory.resolve("results.jsonl");
		ResultLog log = new ResultLog(file);
		log.emit(result("ssegate-1", 2500.0));
		log.emit(result("nchan-2", 3000.0));
		List<String> lines = Files.readAllLines(file);
		assertThat(lines).containsExactly(
				"{\"system\":\"ssegate-1\",\"scenario\":\"many-tasks\",\"phase\":\"max\",\"rate\":2500.0,\"pass\":true}",
				"{\"system\":\"nchan-2\",\"scenario\":\"many-tasks\",\"phase\":\"max\",\"rate\":3000.0,\"pass\":true}");
	}

	@Test
	void readableLineRoundsNumbers() {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("p99Ms", 12.3456);
		result.put("rate", 2500.4);
		assertThat(ResultLog.readable(result)).isEqualTo("p99Ms=12.3 rate=2500");
	}

	private static Map<String, Object> result(String system, double rate) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("system", system);
		result.put("scenario", "many-tasks");
		result.put("phase", "max");
		result.put("rate", rate);
		result.put("pass", true);
		return result;
	}

}
