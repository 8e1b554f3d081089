package io.ssegate.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the CPU time and memory of server processes, and of their child processes (nginx
 * workers), from {@code /proc}.
 */
final class ProcessSampler {

	/** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on Linux. */
	private static final long TICKS_PER_SECOND = 100;

	private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

	private ProcessSampler() {
	}

	/**
	 * CPU time (user and system) of processes and their descendants.
	 * @param roots the process ids
	 * @return the CPU time in nanoseconds
	 */
	static long cpuNanos(Collection<Long> roots) {
		long ticks = 0;
		for (long pid : withDescendants(roots)) {
			String[] fields = statFields(pid);
			if (fields.length > 14) {
				ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
			}
		}
		return ticks * TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND;
	}

	/**
	 * Memory of processes and their descendants: the sum of their proportional set sizes
	 * (shared pages counted once), or of their resident sets where PSS is not readable.
	 * @param roots the process ids
	 * @return the memory in KiB
	 */
	static long memoryKib(Collection<Long> roots) {
		long kib = 0;
		for (long pid : withDescendants(roots)) {
			long pss = readKib(Path.of("/proc", String.valueOf(pid), "smaps_rollup"), "Pss:");
			kib += (pss >= 0) ? pss : Math.max(0, readKib(Path.of("/proc", String.valueOf(pid), "status"), "VmRSS:"));
		}
		return kib;
	}

	/**
	 * Run a full GC in a JVM and read its heap's used size afterwards.
	 * @param jcmd the {@code jcmd} executable
	 * @param pid the JVM's process id
	 * @return the live heap in KiB, or -1 if it could not be read
	 */
	static long liveHeapKib(String jcmd, long pid) {
		try {
			run(jcmd, String.valueOf(pid), "GC.run");
			String info = run(jcmd, String.valueOf(pid), "GC.heap_info");
			Matcher matcher = HEAP_USED.matcher(info);
			return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * The processes and all their descendants.
	 * @param roots the process ids
	 * @return the ids, roots first
	 */
	static Set<Long> withDescendants(Collection<Long> roots) {
		Map<Long, List<Long>> children = new HashMap<>();
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			entries.map((path) -> path.getFileName().toString())
				.filter((name) -> name.chars().allMatch(Character::isDigit))
				.forEach((name) -> {
					String[] fields = statFields(Long.parseLong(name));
					if (fields.length > 3) {
						children.computeIfAbsent(Long.parseLong(fields[3]), (key) -> new ArrayList<>())
							.add(Long.parseLong(name));
					}
				});
		}
		catch (IOException ex) {
			return new LinkedHashSet<>(roots);
		}
		Set<Long> all = new LinkedHashSet<>();
		List<Long> pending = new ArrayList<>(roots);
		while (!pending.isEmpty()) {
			long pid = pending.remove(pending.size() - 1);
			if (all.add(pid)) {
				pending.addAll(children.getOrDefault(pid, List.of()));
			}
		}
		return all;
	}

	/**
	 * The fields of {@code /proc/<pid>/stat} after the command name, numbered as in
	 * {@code proc(5)} minus one (field 14, utime, is at index 13).
	 */
	private static String[] statFields(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			int end = stat.lastIndexOf(')');
			String[] rest = stat.substring(end + 2).split(" ");
			String[] fields = new String[rest.length + 2];
			fields[0] = String.valueOf(pid);
			fields[1] = stat.substring(stat.indexOf('(') + 1, end);
			System.arraycopy(rest, 0, fields, 2, rest.length);
			return fields;
		}
		catch (IOException | RuntimeException ex) {
			return new String[0];
		}
	}

	private static long readKib(Path file, String key) {
		try {
			for (String line : Files.readAllLines(file)) {
				if (line.startsWith(key)) {
					return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not readable: the caller falls back.
		}
		return -1;
	}

	private static String run(String... command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
			return output;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted", ex);
		}
	}

}
