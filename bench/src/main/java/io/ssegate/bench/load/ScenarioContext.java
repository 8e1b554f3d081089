package io.ssegate.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ssegate.bench.load.StreamClient.StreamSpec;

/**
 * What the load tool's scenarios run with: the system under test, the options, where the
 * results go, the origin of the payloads' scheduled send times, and the run id that keeps
 * the tasks of this run apart from those of earlier runs on the same servers.
 *
 * @param target the system under test
 * @param options the command-line options
 * @param log where the results go
 * @param originNanos the origin of the payloads' scheduled send times
 * @param runId the run id ({@code --run-id}, by default one made of the time)
 */
record ScenarioContext(Target target, Options options, ResultLog log, long originNanos, String runId) {

	static ScenarioContext of(Options options, ResultLog log, long originNanos) {
		return new ScenarioContext(Target.from(options), options, log, originNanos,
				options.get("run-id", Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)));
	}

	/**
	 * Create a stream client on the target's SSE endpoints, with at most
	 * {@code --max-connecting} (512) streams connecting at once.
	 * @return the client; the caller closes it
	 */
	StreamClient newStreamClient() {
		return new StreamClient(this.target.subscribe(), this.options.getInt("max-connecting", 512), this.originNanos);
	}

	/**
	 * Task ids of this run.
	 * @param shape what the tasks are for, in one letter
	 * @param count how many
	 * @return {@code b<run id>-<shape>-0} and the following ones
	 */
	List<String> taskIds(String shape, int count) {
		List<String> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ids.add("b" + this.runId + "-" + shape + "-" + i);
		}
		return ids;
	}

	/**
	 * Open streams {@code from} to {@code to - 1}, stream {@code i} on task
	 * {@code i % tasks}, spread over the endpoints, and wait until all are open.
	 * @param client the client
	 * @param taskIds the tasks
	 * @param from the first stream
	 * @param to the stream after the last one
	 * @param timeout the longest wait
	 * @return the seconds it took until all were open
	 * @throws IllegalStateException if some did not open in time
	 */
	double openStreams(StreamClient client, List<String> taskIds, int from, int to, Duration timeout) {
		List<StreamSpec> specs = new ArrayList<>(to - from);
		for (int i = from; i < to; i++) {
			int task = i % taskIds.size();
			specs.add(new StreamSpec(task, taskIds.get(task), i % this.target.subscribe().size()));
		}
		long start = System.nanoTime();
		client.open(specs);
		if (!client.awaitOpen(to, timeout)) {
			throw new IllegalStateException(
					"Only some of " + to + " streams opened within " + timeout.toSeconds() + " s");
		}
		return (System.nanoTime() - start) / 1e9;
	}

}
