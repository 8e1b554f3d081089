package io.ssegate.protocol;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import org.jspecify.annotations.Nullable;

/**
 * The two atomic steps of the protocol on a task's history, each one Lua script: append
 * an event and publish it ({@code publish.lua}), and read the history after an event id
 * ({@code replay.lua}). Thread-safe; the connection is the caller's: a standalone or a
 * Redis Cluster connection (each script touches one task, so one slot).
 *
 * @param keys the key and channel names
 * @param channels how events are published: classic or sharded pub/sub
 */
public record HistoryCommands(TaskKeys keys, ChannelKind channels) {

	/** How a script refuses to append to a task that ended. */
	private static final String ENDED_ERROR = "ENDED";

	/**
	 * The text of the publish script as it is sent to Redis, for tools that run it
	 * themselves.
	 * @return the Lua source
	 */
	public static String publishScript() {
		return LuaScript.PUBLISH.source();
	}

	/**
	 * Load both scripts into the server's script cache, so that the first calls do not
	 * each need a second round trip. (On a Redis Cluster connection, Lettuce loads them
	 * into every primary.)
	 * @param commands the commands of a connection
	 */
	public static void loadScripts(RedisScriptingCommands<String, String> commands) {
		commands.scriptLoad(LuaScript.PUBLISH.source());
		commands.scriptLoad(LuaScript.REPLAY.source());
	}

	/**
	 * Append an event to a task's history, trim the history, renew its time to live and
	 * publish the event on the task's channel, in one atomic step.
	 * @param commands the commands of a connection
	 * @param taskId the task
	 * @param envelopeJson the event's envelope JSON
	 * @param terminal whether the event ends the task
	 * @param idempotencyKey the publisher's idempotency key, or {@code null}
	 * @param limits the history's bounds
	 * @return the event id, or for a repeated idempotency key the first event's id; fails
	 * with {@link TaskEndedException} when the task already ended
	 */
	public CompletableFuture<String> append(RedisScriptingAsyncCommands<String, String> commands, String taskId,
			String envelopeJson, boolean terminal, @Nullable String idempotencyKey, HistoryLimits limits) {
		return publish(commands, taskId, envelopeJson, terminal, idempotencyKey, limits).thenApply(Appended::id);
	}

	/**
	 * As {@link #append}, and tell how many subscribed connections the event reached.
	 * @param commands the commands of a connection
	 * @param taskId the task
	 * @param envelopeJson the event's envelope JSON
	 * @param terminal whether the event ends the task
	 * @param idempotencyKey the publisher's idempotency key, or {@code null}
	 * @param limits the history's bounds
	 * @return what the script answered; fails with {@link TaskEndedException} when the
	 * task already ended
	 */
	public CompletableFuture<Appended> publish(RedisScriptingAsyncCommands<String, String> commands, String taskId,
			String envelopeJson, boolean terminal, @Nullable String idempotencyKey, HistoryLimits limits) {
		String key = (idempotencyKey != null) ? idempotencyKey : "";
		String[] scriptKeys = { this.keys.history(taskId), this.keys.idempotency(taskId, key) };
		String[] args = { this.keys.channel(taskId), envelopeJson, terminal ? "1" : "0",
				String.valueOf(limits.maxLength()), String.valueOf(limits.ttl().toSeconds()),
				key.isEmpty() ? "0" : String.valueOf(limits.idempotencyTtl().toSeconds()),
				(this.channels == ChannelKind.SHARDED) ? "sharded" : "classic" };
		CompletableFuture<List<Object>> reply = LuaScript.PUBLISH.run(commands, ScriptOutputType.MULTI, scriptKeys,
				args);
		return reply.handle((result, failure) -> {
			if (failure != null) {
				throw ended(taskId, unwrap(failure));
			}
			return new Appended(String.valueOf(result.get(0)), Long.valueOf(1).equals(result.get(1)),
					(result.size() > 2 && result.get(2) instanceof Long receivers) ? receivers : 0);
		});
	}

	/**
	 * Read a task's history after an event id.
	 * @param commands the commands of a connection
	 * @param taskId the task
	 * @param after the id after which to read, or {@code null} for the whole history
	 * @param maxEntries the most entries to return
	 * @return what the history holds after that id
	 */
	public CompletableFuture<HistorySlice> readAfter(RedisScriptingAsyncCommands<String, String> commands,
			String taskId, @Nullable EventId after, int maxEntries) {
		String[] scriptKeys = { this.keys.history(taskId) };
		CompletableFuture<List<Object>> reply = LuaScript.REPLAY.run(commands, ScriptOutputType.MULTI, scriptKeys,
				(after != null) ? after.toString() : "", String.valueOf(maxEntries));
		return reply.thenApply(HistorySlice::fromScriptResult);
	}

	private static RuntimeException ended(String taskId, Throwable failure) {
		if (failure instanceof RedisCommandExecutionException ex
				&& String.valueOf(ex.getMessage()).startsWith(ENDED_ERROR)) {
			return new TaskEndedException("Task " + taskId + " has ended: "
					+ String.valueOf(ex.getMessage()).substring(ENDED_ERROR.length()).trim());
		}
		return (failure instanceof RuntimeException runtime) ? runtime : new CompletionException(failure);
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

}
