package io.ssegate.notifier;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.ssegate.notifier.protocol.EnvelopeCodec;
import io.ssegate.notifier.protocol.LuaScript;
import io.ssegate.notifier.protocol.TaskKeys;
import org.jspecify.annotations.Nullable;

/**
 * {@link Notifier} on one shared Lettuce connection, publishing with
 * {@link LuaScript#PUBLISH}: pipelined across tasks, one at a time per task.
 */
final class RedisNotifier implements Notifier {

	private static final String ENDED_ERROR = "ENDED";

	private final @Nullable RedisClient ownedClient;

	private final StatefulRedisConnection<String, String> connection;

	private final NotifierOptions options;

	private final TaskKeys keys;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final PerTaskOrder order = new PerTaskOrder();

	private RedisNotifier(@Nullable RedisClient ownedClient, StatefulRedisConnection<String, String> connection,
			NotifierOptions options) {
		this.ownedClient = ownedClient;
		this.connection = connection;
		this.options = options;
		this.keys = options.keys();
	}

	static RedisNotifier withOwnClient(RedisURI redisUri, NotifierOptions options) {
		RedisClient client = RedisClient.create(redisUri);
		client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		try {
			return new RedisNotifier(client, connect(client), options);
		}
		catch (RuntimeException ex) {
			client.shutdown();
			throw ex;
		}
	}

	static RedisNotifier onSharedClient(RedisClient client, NotifierOptions options) {
		return new RedisNotifier(null, connect(client), options);
	}

	/**
	 * Connect and load the publish script, so that the first publishes do not each fail
	 * with {@code NOSCRIPT} and need a second round trip.
	 */
	private static StatefulRedisConnection<String, String> connect(RedisClient client) {
		try {
			StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
			connection.sync().scriptLoad(LuaScript.PUBLISH.source());
			return connection;
		}
		catch (RedisException ex) {
			throw new RedisUnavailableException("Cannot connect to Redis: " + ex.getMessage(), ex);
		}
	}

	@Override
	public String publish(String taskId, NotifyEvent event) {
		try {
			return publishAsync(taskId, event).toCompletableFuture().join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof NotifierException notifierException) ? notifierException
					: new NotifierException("Publish failed", ex.getCause());
		}
	}

	@Override
	public CompletionStage<String> publishAsync(String taskId, NotifyEvent event) {
		String envelope = event.toEnvelopeJson(taskId, this.codec, this.options.maxPayloadBytes());
		String idempotencyKey = (event.idempotencyKey() != null) ? event.idempotencyKey() : "";
		String[] scriptKeys = { this.keys.history(taskId), this.keys.idempotency(taskId, idempotencyKey) };
		String[] args = { this.keys.channel(taskId), envelope, event.isTerminal() ? "1" : "0",
				String.valueOf(this.options.historyMaxLength()), String.valueOf(this.options.historyTtl().toSeconds()),
				idempotencyKey.isEmpty() ? "0" : String.valueOf(this.options.idempotencyTtl().toSeconds()) };
		CompletableFuture<List<Object>> result = this.order.run(taskId,
				() -> LuaScript.PUBLISH.run(this.connection.async(), ScriptOutputType.MULTI, scriptKeys, args));
		return result.orTimeout(this.options.timeout().toMillis(), TimeUnit.MILLISECONDS)
			.handle((reply, failure) -> eventId(taskId, reply, failure));
	}

	private String eventId(String taskId, @Nullable List<Object> reply, @Nullable Throwable failure) {
		if (failure == null && reply != null) {
			return String.valueOf(reply.get(0));
		}
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof RedisCommandExecutionException ex
				&& String.valueOf(ex.getMessage()).startsWith(ENDED_ERROR)) {
			throw new TaskEndedException(
					"Task " + taskId + " has ended: " + ex.getMessage().substring(ENDED_ERROR.length()).trim());
		}
		if (cause instanceof TimeoutException) {
			throw new RedisUnavailableException(
					"Redis did not answer within " + this.options.timeout() + " publishing to task " + taskId, cause);
		}
		if (cause instanceof RedisException) {
			throw new RedisUnavailableException("Redis failed publishing to task " + taskId + ": " + cause.getMessage(),
					cause);
		}
		throw new NotifierException("Publishing to task " + taskId + " failed", cause);
	}

	@Override
	public NotifierOptions options() {
		return this.options;
	}

	@Override
	public void close() {
		if (this.connection.isOpen()) {
			this.connection.close();
		}
		if (this.ownedClient != null) {
			this.ownedClient.shutdown();
		}
	}

}
