package io.ssegate.gateway.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ExpireArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.ssegate.protocol.EnvelopeCodec;
import io.ssegate.protocol.EventId;
import io.ssegate.protocol.HistoryCommands;
import io.ssegate.protocol.HistoryEntry;
import io.ssegate.protocol.HistorySlice;
import io.ssegate.protocol.TaskKeys;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;

/**
 * Reads and ends tasks in Redis for the task API, within the broker's timeout: a task's
 * state in one script ({@code task-state.lua}) plus the live nodes' ids, pages of its
 * history with the replay script, and a shorter time to live for the keys of a task that
 * ended.
 */
final class RedisTaskStates {

	private static final Logger logger = LoggerFactory.getLogger(RedisTaskStates.class);

	private static final String STATE_SCRIPT = read("task-state.lua");

	private final RedisClusterAsyncCommands<String, String> commands;

	private final TaskKeys keys;

	private final HistoryCommands history;

	private final EnvelopeCodec codec;

	private final String nodesKey;

	private final Duration timeout;

	RedisTaskStates(RedisClusterAsyncCommands<String, String> commands, TaskKeys keys, HistoryCommands history,
			EnvelopeCodec codec, String nodesKey, Duration timeout) {
		this.commands = commands;
		this.keys = keys;
		this.history = history;
		this.codec = codec;
		this.nodesKey = nodesKey;
		this.timeout = timeout;
	}

	CompletableFuture<Optional<TaskState>> state(String taskId) {
		CompletableFuture<List<Object>> read = this.commands
			.<List<Object>>eval(STATE_SCRIPT, ScriptOutputType.MULTI, this.keys.history(taskId),
					this.keys.followers(taskId))
			.toCompletableFuture();
		CompletableFuture<List<String>> liveNodes = this.commands.hkeys(this.nodesKey).toCompletableFuture();
		return within(read.thenCombine(liveNodes, (result, nodes) -> toState(taskId, result, nodes)),
				"Reading the state of task " + taskId);
	}

	CompletableFuture<HistoryPage> page(String taskId, @Nullable EventId after, int limit) {
		return within(this.history.readAfter(this.commands, taskId, after, limit).thenApply(this::toPage),
				"Reading the history of task " + taskId);
	}

	CompletableFuture<Void> forgetAfter(String taskId, Duration retention) {
		ExpireArgs sooner = ExpireArgs.Builder.lt();
		CompletableFuture<Boolean> history = this.commands.expire(this.keys.history(taskId), retention, sooner)
			.toCompletableFuture();
		CompletableFuture<Boolean> followers = this.commands.expire(this.keys.followers(taskId), retention, sooner)
			.toCompletableFuture();
		return within(CompletableFuture.allOf(history, followers), "Expiring task " + taskId);
	}

	private Optional<TaskState> toState(String taskId, List<Object> result, List<String> liveNodes) {
		if (result.size() < 5) {
			return Optional.empty();
		}
		StoredEvent last = stored(EventId.parse(String.valueOf(result.get(2))), String.valueOf(result.get(3)));
		if (last == null) {
			logger.warn("The last event of task {} is not a valid envelope", taskId);
			return Optional.empty();
		}
		long followers = FollowerCounts.sum(pairs((List<?>) result.get(4)), liveNodes);
		return Optional.of(new TaskState(((Number) result.get(0)).longValue(),
				EventId.parse(String.valueOf(result.get(1))), last, followers));
	}

	private HistoryPage toPage(HistorySlice slice) {
		List<StoredEvent> events = new ArrayList<>(slice.entries().size());
		for (HistoryEntry entry : slice.entries()) {
			StoredEvent event = stored(entry.id(), entry.envelopeJson());
			if (event != null) {
				events.add(event);
			}
		}
		return new HistoryPage(events, slice.gap(), slice.finalId() != null);
	}

	private @Nullable StoredEvent stored(EventId id, String envelopeJson) {
		try {
			return new StoredEvent(id, this.codec.decode(envelopeJson));
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Skipping history entry {}: {}", id, ex.getMessage());
			return null;
		}
	}

	private static Map<String, String> pairs(List<?> flat) {
		Map<String, String> pairs = new LinkedHashMap<>();
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			pairs.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
		}
		return pairs;
	}

	private <T> CompletableFuture<T> within(CompletableFuture<T> request, String what) {
		return request.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally((failure) -> {
			throw new BrokerUnavailableException(what + " failed", failure);
		});
	}

	private static String read(String name) {
		try {
			return new ClassPathResource(name, RedisTaskStates.class).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
