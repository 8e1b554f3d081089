package io.ssegate.bench.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.ssegate.bench.load.ChaosSoak.Action;
import io.ssegate.bench.load.ChaosSoak.Memory;
import io.ssegate.bench.load.ChaosSoak.Settings;
import org.HdrHistogram.Histogram;

/**
 * What a {@link ChaosSoak} measured. Deliveries count per stream: an event of a task
 * followed by ten streams is expected ten times.
 *
 * @param settings what it ran with
 * @param publishedSeconds how long events were published
 * @param settledInMillis how long after the publishing every stream had everything it
 * should have, or -1 if it did not within the limit
 * @param attempted events sent to Redis
 * @param acknowledged events Redis acknowledged
 * @param publishFailures events sent that Redis did not acknowledge (while it was down)
 * @param withheld events of quiet tasks not sent (before the restart without data)
 * @param expected acknowledged events times the streams of their task
 * @param delivered first deliveries
 * @param lostSilently acknowledged events a stream never received without a gap signal
 * @param lostWithGap acknowledged events a stream never received, lost with the history
 * and announced by a gap signal
 * @param duplicates deliveries of an event the stream had already received
 * @param reordered events received after a later event of their task
 * @param deliveredUnacknowledged deliveries of events whose publish reported a failure
 * (stored by Redis, the reply lost)
 * @param gapSignals {@code gap} events received
 * @param streamsWithGap streams that received one or more
 * @param tasksWithGap tasks of those streams
 * @param tasksHistoryLost tasks that had a history when Redis restarted without data
 * @param streamsExpectingGap streams that had an id of such a task then
 * @param streamsWithSpuriousGap streams with a gap signal they should not have had
 * @param streamsWithMissedGap streams expecting a gap signal that got none
 * @param open streams open at the end
 * @param reconnects responses with status 200 after the first one of each stream
 * @param dropped connections the soak dropped on purpose (churn)
 * @param statuses the streams' responses by status (200 for every open and reopen; 204
 * for a task that ended; 502 or 503 while a node or Redis was away)
 * @param malformed events that were neither a payload nor a gap signal
 * @param misrouted events of another task
 * @param latency the latency of first deliveries, in microseconds, from the events'
 * scheduled send time
 * @param actions the chaos actions done, by kind
 * @param actionLog one line per chaos action
 * @param memoryIdleAtStart node 1 before the streams opened
 * @param memoryAtStart node 1 after the warm-up
 * @param memoryAtEnd node 1 at the end, its streams still open
 * @param memoryIdleAtEnd node 1 after every stream was closed and every node held none
 * @param leftOver streams and task subscriptions the nodes still held 30 s after the
 * streams closed (0: nothing leaked)
 * @param idleAfterMillis how long after the streams closed the nodes held none
 */
record SoakResult(Settings settings, double publishedSeconds, long settledInMillis, long attempted, long acknowledged,
		long publishFailures, long withheld, long expected, long delivered, long lostSilently, long lostWithGap,
		long duplicates, long reordered, long deliveredUnacknowledged, long gapSignals, long streamsWithGap,
		long tasksWithGap, long tasksHistoryLost, long streamsExpectingGap, long streamsWithSpuriousGap,
		long streamsWithMissedGap, long open, long reconnects, long dropped, Map<Integer, Long> statuses,
		long malformed, long misrouted, Histogram latency, Map<Action, Integer> actions, List<String> actionLog,
		Memory memoryIdleAtStart, Memory memoryAtStart, Memory memoryAtEnd, Memory memoryIdleAtEnd, long leftOver,
		long idleAfterMillis) {

	/**
	 * Whether nothing was lost silently, duplicated or reordered, every gap signal was
	 * where it belonged, every stream is open at the end, and once they close the nodes
	 * hold no stream nor task subscription.
	 */
	boolean pass() {
		return this.settledInMillis >= 0 && this.lostSilently == 0 && this.duplicates == 0 && this.reordered == 0
				&& this.streamsWithSpuriousGap == 0 && this.streamsWithMissedGap == 0
				&& this.open == this.settings.streams() && this.malformed == 0 && this.misrouted == 0
				&& this.leftOver == 0;
	}

	/**
	 * The longest time a stream was without an event that had been published: the highest
	 * latency of a first delivery.
	 * @return the milliseconds
	 */
	double longestWithoutEventsMillis() {
		return this.latency.getMaxValue() / 1000.0;
	}

	Map<String, Object> fields() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("scenario", "chaos-soak");
		fields.put("seconds", this.publishedSeconds);
		fields.put("streams", this.settings.streams());
		fields.put("tasks", this.settings.tasks());
		fields.put("quietTasks", this.settings.quietTasks());
		fields.put("rate", this.settings.rate());
		fields.put("seed", this.settings.seed());
		this.actions.forEach((action, count) -> fields.put("actions." + action.label(), count));
		fields.put("published", this.attempted);
		fields.put("acknowledged", this.acknowledged);
		fields.put("publishFailures", this.publishFailures);
		fields.put("withheld", this.withheld);
		fields.put("expected", this.expected);
		fields.put("delivered", this.delivered);
		fields.put("lostSilently", this.lostSilently);
		fields.put("lostWithGap", this.lostWithGap);
		fields.put("duplicates", this.duplicates);
		fields.put("reordered", this.reordered);
		fields.put("deliveredUnacknowledged", this.deliveredUnacknowledged);
		fields.put("gapSignals", this.gapSignals);
		fields.put("streamsWithGap", this.streamsWithGap);
		fields.put("streamsExpectingGap", this.streamsExpectingGap);
		fields.put("tasksWithGap", this.tasksWithGap);
		fields.put("tasksHistoryLost", this.tasksHistoryLost);
		fields.put("streamsWithSpuriousGap", this.streamsWithSpuriousGap);
		fields.put("streamsWithMissedGap", this.streamsWithMissedGap);
		fields.put("open", this.open);
		fields.put("reconnects", this.reconnects);
		fields.put("dropped", this.dropped);
		this.statuses.forEach((status, count) -> fields.put("status" + status, count));
		fields.put("malformed", this.malformed);
		fields.put("misrouted", this.misrouted);
		fields.put("settledMs", this.settledInMillis);
		Step.putLatency(fields, this.latency);
		fields.put("longestWithoutEventsMs", longestWithoutEventsMillis());
		putMemory(fields, "IdleStart", this.memoryIdleAtStart);
		putMemory(fields, "Start", this.memoryAtStart);
		putMemory(fields, "End", this.memoryAtEnd);
		putMemory(fields, "IdleEnd", this.memoryIdleAtEnd);
		fields.put("leftOver", this.leftOver);
		fields.put("idleAfterMs", this.idleAfterMillis);
		fields.put("pass", pass());
		return fields;
	}

	private static void putMemory(Map<String, Object> fields, String when, Memory memory) {
		fields.put("node1Pss" + when + "Mib", memory.pssKib() / 1024.0);
		fields.put("node1LiveHeap" + when + "Mib", memory.liveHeapKib() / 1024.0);
		fields.put("node1Streams" + when, memory.streams());
	}

	/**
	 * The result for people: the actions, then the figures.
	 * @return the text
	 */
	String summary() {
		StringBuilder text = new StringBuilder("Chaos soak: ").append(pass() ? "PASS" : "FAIL").append('\n');
		text.append("actions:\n");
		this.actionLog.forEach((line) -> text.append("  ").append(line).append('\n'));
		text.append(String.format(Locale.ROOT, """
				published %d events in %.0f s (%d acknowledged, %d failed while Redis was down, %d withheld)
				deliveries: expected %d, delivered %d, lost silently %d, lost with a gap signal %d,
				  duplicated %d, reordered %d, delivered though unacknowledged %d
				gap signals: %d to %d streams of %d tasks; %d tasks lost their history, %d streams expected one;
				  spurious on %d streams, missing on %d
				streams: %d of %d open at the end, %d reconnects (%d connections dropped on purpose);
				  responses by status: %s
				longest without its events: %.1f s; latency p50 %.1f ms, p99 %.0f ms, p99.9 %.0f ms
				node 1 before the streams:       %s
				node 1 after the warm-up:        %s
				node 1 at the end:               %s
				node 1 after the streams closed: %s
				streams and task subscriptions left on the nodes: %d (none after %.1f s)
				""", this.attempted, this.publishedSeconds, this.acknowledged, this.publishFailures, this.withheld,
				this.expected, this.delivered, this.lostSilently, this.lostWithGap, this.duplicates, this.reordered,
				this.deliveredUnacknowledged, this.gapSignals, this.streamsWithGap, this.tasksWithGap,
				this.tasksHistoryLost, this.streamsExpectingGap, this.streamsWithSpuriousGap, this.streamsWithMissedGap,
				this.open, this.settings.streams(), this.reconnects, this.dropped, this.statuses,
				longestWithoutEventsMillis() / 1000, this.latency.getValueAtPercentile(50) / 1000.0,
				this.latency.getValueAtPercentile(99) / 1000.0, this.latency.getValueAtPercentile(99.9) / 1000.0,
				this.memoryIdleAtStart, this.memoryAtStart, this.memoryAtEnd, this.memoryIdleAtEnd, this.leftOver,
				this.idleAfterMillis / 1000.0));
		return text.toString();
	}

	/**
	 * Collects the figures.
	 */
	static final class Builder {

		Settings settings;

		double publishedSeconds;

		long settledInMillis;

		long attempted;

		long acknowledged;

		long publishFailures;

		long withheld;

		long expected;

		long delivered;

		long lostSilently;

		long lostWithGap;

		long duplicates;

		long reordered;

		long deliveredUnacknowledged;

		long gapSignals;

		long streamsWithGap;

		long tasksWithGap;

		long tasksHistoryLost;

		long streamsExpectingGap;

		long streamsWithSpuriousGap;

		long streamsWithMissedGap;

		long open;

		long reconnects;

		long dropped;

		Map<Integer, Long> statuses;

		long malformed;

		long misrouted;

		Histogram latency;

		Map<Action, Integer> actions;

		List<String> actionLog;

		List<Memory> memory;

		Memory memoryIdleAtEnd;

		long leftOver;

		long idleAfterMillis;

		SoakResult build() {
			return new SoakResult(this.settings, this.publishedSeconds, this.settledInMillis, this.attempted,
					this.acknowledged, this.publishFailures, this.withheld, this.expected, this.delivered,
					this.lostSilently, this.lostWithGap, this.duplicates, this.reordered, this.deliveredUnacknowledged,
					this.gapSignals, this.streamsWithGap, this.tasksWithGap, this.tasksHistoryLost,
					this.streamsExpectingGap, this.streamsWithSpuriousGap, this.streamsWithMissedGap, this.open,
					this.reconnects, this.dropped, this.statuses, this.malformed, this.misrouted, this.latency,
					this.actions, this.actionLog, this.memory.get(0), this.memory.get(1), this.memory.get(2),
					this.memoryIdleAtEnd, this.leftOver, this.idleAfterMillis);
		}

	}

}
