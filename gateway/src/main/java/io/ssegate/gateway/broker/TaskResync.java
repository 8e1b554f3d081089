package io.ssegate.gateway.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.ssegate.gateway.event.Replay;
import io.ssegate.protocol.EventId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings tasks back in step with Redis after this node may have missed some of their live
 * events: subscribe again to their channels, then re-read each task's history from where
 * its local subscribers are and hand it to the sink, which merges it with the live events
 * it held meanwhile (in order, each once). Every cause of missed events (a lost
 * connection, a shard that failed over, a slot that moved) ends here, for the tasks it
 * affects; the sink must already hold those tasks' live events.
 */
final class TaskResync {

	private static final Logger logger = LoggerFactory.getLogger(TaskResync.class);

	private final ChannelSubscriptions subscriptions;

	private final HistoryReader history;

	private final EventSink sink;

	private final BrokerMeters metrics;

	TaskResync(ChannelSubscriptions subscriptions, HistoryReader history, EventSink sink, BrokerMeters metrics) {
		this.subscriptions = subscriptions;
		this.history = history;
		this.sink = sink;
		this.metrics = metrics;
	}

	/**
	 * Re-sync tasks. A task that cannot be re-synced has its streams closed, so that
	 * their clients resume elsewhere. Waits on Redis: call it on a thread that may wait.
	 * @param taskIds the tasks
	 */
	void resync(List<String> taskIds) {
		try {
			this.subscriptions.subscribeAgain(taskIds).join();
		}
		catch (RuntimeException ex) {
			logger.warn("Re-subscribing to {} tasks failed; closing their streams so that clients resume",
					taskIds.size(), ex);
			taskIds.forEach(this.sink::abandon);
			return;
		}
		this.metrics.resubscribed(taskIds.size());
		// All histories are read at once (pipelined), then handed over task by task.
		Map<String, CompletableFuture<Replay>> replays = new LinkedHashMap<>();
		taskIds.forEach((taskId) -> replays.put(taskId, replay(taskId)));
		replays.forEach(this::resume);
	}

	private CompletableFuture<Replay> replay(String taskId) {
		EventId resumePoint = this.sink.resumePoint(taskId);
		// ZERO: the streams have received nothing yet; read the whole history, which is
		// no gap even when there is none.
		EventId after = resumePoint.equals(EventId.ZERO) ? null : resumePoint;
		try {
			return this.history.replay(taskId, after);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private void resume(String taskId, CompletableFuture<Replay> replay) {
		try {
			this.sink.resume(taskId, replay.join());
		}
		catch (RuntimeException ex) {
			logger.warn("Re-reading task {} failed; closing its streams so that clients resume", taskId, ex);
			this.sink.abandon(taskId);
		}
	}

}
