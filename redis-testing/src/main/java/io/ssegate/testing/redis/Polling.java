package io.ssegate.testing.redis;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Polls a condition until it holds. The condition reports what is still wrong (or
 * {@code null} once it holds), so that a timeout says why.
 */
final class Polling {

	private static final Duration INTERVAL = Duration.ofMillis(25);

	private Polling() {
	}

	/**
	 * Wait until {@code problem} returns {@code null}.
	 * @param timeout how long to wait
	 * @param goal what is awaited, for the exception message
	 * @param problem what is still wrong, or {@code null} when the goal is reached; an
	 * exception it throws counts as a problem
	 * @param diagnostics more context for the exception message (logs), read only on
	 * timeout
	 * @throws IllegalStateException on timeout
	 */
	static void await(Duration timeout, String goal, Supplier<@Nullable String> problem, Supplier<String> diagnostics) {
		long deadline = System.nanoTime() + timeout.toNanos();
		String last;
		while (true) {
			try {
				last = problem.get();
			}
			catch (RuntimeException ex) {
				last = ex.toString();
			}
			if (last == null) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout.toMillis() + " ms waiting until " + goal
						+ "; last problem: " + last + "\n" + diagnostics.get());
			}
			pause();
		}
	}

	static void pause() {
		LockSupport.parkNanos(INTERVAL.toNanos());
		if (Thread.interrupted()) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Redis");
		}
	}

}
