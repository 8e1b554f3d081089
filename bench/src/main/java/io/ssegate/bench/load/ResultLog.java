package io.ssegate.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes each result as one JSON line (appended to a file, if given) and as a readable
 * line on standard output.
 */
final class ResultLog {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final @Nullable Path file;

	ResultLog(@Nullable Path file) {
		this.file = file;
	}

	/**
	 * Record a result.
	 * @param result the fields, in display order
	 */
	void emit(Map<String, Object> result) {
		String line = toJson(result);
		if (this.file != null) {
			try {
				Files.writeString(this.file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		System.out.println(readable(result));
	}

	static String toJson(Map<String, Object> result) {
		return JSON.writeValueAsString(result);
	}

	static String readable(Map<String, Object> result) {
		return result.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + format(entry.getValue()))
			.collect(Collectors.joining(" "));
	}

	private static String format(@Nullable Object value) {
		if (value instanceof Double number) {
			return (Math.abs(number) >= 100) ? String.format("%.0f", number) : String.format("%.3g", number);
		}
		return String.valueOf(value);
	}

}
