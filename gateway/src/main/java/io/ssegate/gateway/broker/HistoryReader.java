package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.event.TaskEventFactory;
import io.ssegate.protocol.EventId;
import io.ssegate.protocol.HistoryCommands;
import io.ssegate.protocol.HistoryEntry;
import io.ssegate.protocol.HistorySlice;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads task histories from Redis, within the broker's timeout, into events ready to
 * write.
 */
final class HistoryReader {

	private static final Logger logger = LoggerFactory.getLogger(HistoryReader.class);

	private static final int MAX_REPLAY = 100_000;

	private final RedisScriptingAsyncCommands<String, String> commands;

	private final HistoryCommands history;

	private final TaskEventFactory eventFactory;

	private final Duration timeout;

	HistoryReader(RedisScriptingAsyncCommands<String, String> commands, HistoryCommands history,
			TaskEventFactory eventFactory, Duration timeout) {
		this.commands = commands;
		this.history = history;
		this.eventFactory = eventFactory;
		this.timeout = timeout;
	}

	/**
	 * Read a task's history after an id.
	 * @param taskId the task
	 * @param after the id, or {@code null} for the whole history
	 * @return the replay; fails with a {@link BrokerUnavailableException}
	 */
	CompletableFuture<Replay> replay(String taskId, @Nullable EventId after) {
		return this.history.readAfter(this.commands, taskId, after, MAX_REPLAY)
			.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.handle((history, failure) -> {
				if (failure != null) {
					throw new BrokerUnavailableException("Reading the history of task " + taskId + " failed", failure);
				}
				return toReplay(taskId, history);
			});
	}

	private Replay toReplay(String taskId, HistorySlice history) {
		List<TaskEvent> replayed = new ArrayList<>(history.entries().size());
		for (HistoryEntry entry : history.entries()) {
			try {
				TaskEvent event = this.eventFactory.create(entry.id(), entry.envelopeJson());
				if (event.taskId().equals(taskId)) {
					replayed.add(event);
				}
				else {
					logger.warn("Skipping history entry {} of task {}: it names another task", entry.id(), taskId);
				}
			}
			catch (IllegalArgumentException ex) {
				logger.warn("Skipping history entry {}: {}", entry.id(), ex.getMessage());
			}
		}
		return new Replay(history.gap(), history.finalId(), replayed);
	}

}
