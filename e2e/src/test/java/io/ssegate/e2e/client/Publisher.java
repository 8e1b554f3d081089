package io.ssegate.e2e.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ssegate.notifier.Notifier;

/**
 * Publishes rounds of progress events while a test runs: round {@code n} publishes the
 * data {@code n} to every task, in list order. Each task gets {@code 1..rounds()}.
 */
final class Publisher implements AutoCloseable {

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

	private final AtomicInteger rounds = new AtomicInteger();

	private Publisher(Notifier notifier, List<String> tasks, Duration interval) {
		this.executor.scheduleWithFixedDelay(() -> {
			int round = this.rounds.get() + 1;
			tasks.forEach((task) -> notifier.progress(task, round));
			this.rounds.set(round);
		}, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	static Publisher start(Notifier notifier, List<String> tasks, Duration interval) {
		return new Publisher(notifier, tasks, interval);
	}

	/**
	 * Stop after the round under way.
	 * @return how many rounds were published
	 */
	int stop() {
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The publisher did not stop");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return this.rounds.get();
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
