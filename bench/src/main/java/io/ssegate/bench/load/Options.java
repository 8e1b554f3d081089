package io.ssegate.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Command-line options: {@code --name value}, repeatable, values of lists separated by
 * commas.
 */
final class Options {

	private final Map<String, List<String>> values;

	private Options(Map<String, List<String>> values) {
		this.values = values;
	}

	/**
	 * Parse arguments.
	 * @param args the arguments, {@code --name value} pairs
	 * @return the options
	 * @throws IllegalArgumentException if an argument is not part of a pair
	 */
	static Options parse(List<String> args) {
		Map<String, List<String>> values = new LinkedHashMap<>();
		for (int i = 0; i < args.size(); i += 2) {
			String name = args.get(i);
			if (!name.startsWith("--") || i + 1 >= args.size()) {
				throw new IllegalArgumentException("Expected --name value, got " + name);
			}
			values.computeIfAbsent(name.substring(2), (key) -> new ArrayList<>()).add(args.get(i + 1));
		}
		return new Options(values);
	}

	@Nullable String get(String name) {
		List<String> all = this.values.get(name);
		return (all != null) ? all.get(all.size() - 1) : null;
	}

	String get(String name, String defaultValue) {
		String value = get(name);
		return (value != null) ? value : defaultValue;
	}

	String require(String name) {
		String value = get(name);
		if (value == null) {
			throw new IllegalArgumentException("Missing --" + name);
		}
		return value;
	}

	List<String> all(String name) {
		return this.values.getOrDefault(name, List.of());
	}

	int getInt(String name, int defaultValue) {
		String value = get(name);
		return (value != null) ? Integer.parseInt(value) : defaultValue;
	}

	boolean getBoolean(String name, boolean defaultValue) {
		String value = get(name);
		return (value != null) ? Boolean.parseBoolean(value) : defaultValue;
	}

	double getDouble(String name, double defaultValue) {
		String value = get(name);
		return (value != null) ? Double.parseDouble(value) : defaultValue;
	}

	Duration getSeconds(String name, double defaultSeconds) {
		return Duration.ofMillis(Math.round(getDouble(name, defaultSeconds) * 1000));
	}

	List<Integer> getInts(String name, String defaultValue) {
		return Arrays.stream(get(name, defaultValue).split(",")).map(String::trim).map(Integer::valueOf).toList();
	}

	List<Long> getLongs(String name) {
		String value = get(name);
		if (value == null || value.isBlank()) {
			return List.of();
		}
		return Arrays.stream(value.split(",")).map(String::trim).map(Long::valueOf).toList();
	}

}
