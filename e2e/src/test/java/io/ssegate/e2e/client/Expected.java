package io.ssegate.e2e.client;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The data a task's events carry as the page records it (JSON): {@link Publisher}'s
 * rounds, then the final event's {@code "done"}.
 */
final class Expected {

	private Expected() {
	}

	static List<String> rounds(int first, int last) {
		return IntStream.rangeClosed(first, last).mapToObj(String::valueOf).toList();
	}

	static List<String> roundsThenDone(int rounds) {
		return Stream.concat(rounds(1, rounds).stream(), Stream.of("\"done\"")).toList();
	}

}
