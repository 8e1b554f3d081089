package io.ssegate.notifier;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.netty.util.Timeout;
import io.ssegate.protocol.Appended;
import io.ssegate.protocol.ChannelKind;
import io.ssegate.protocol.EnvelopeWriter;
import io.ssegate.protocol.HistoryCommands;
import io.ssegate.protocol.HistoryLimits;
import io.ssegate.protocol.TaskKeys;
import io.ssegate.protocol.TraceContext;
import org.jspecify.annotations.Nullable;

/**
 * {@link Notifier} on one shared Lettuce connection, appending with
 * {@link HistoryCommands#append}: pipelined across tasks, one at a time per task.
 */
final class RedisNotifier implements Notifier {

	/**
	 * Shortest time between two topology refreshes that redirects or reconnects trigger.
	 */
	private static final Duration CLUSTER_REFRESH = Duration.ofSeconds(1);

	/** Time between two periodic topology refreshes. */
	private static final Duration CLUSTER_PERIODIC_REFRESH = Duration.ofSeconds(10);

	private final @Nullable AbstractRedisClient ownedClient;

	private final StatefulConnection<String, String> connection;

	private final RedisScriptingAsyncCommands<String, String> commands;

	private final NotifierOptions options;

	private final HistoryCommands history;

	private final HistoryLimits limits;

	private final PerTaskOrder order = new PerTaskOrder();

	private RedisNotifier(@Nullable AbstractRedisClient ownedClient, Connected connected, NotifierOptions options) {
		this.ownedClient = ownedClient;
		this.connection = connected.connection();
		this.commands = connected.commands();
		this.options = options;
		this.history = new HistoryCommands(new TaskKeys(options.keyPrefix()), connected.channels());
		this.limits = new HistoryLimits(options.historyMaxLength(), options.historyTtl(), options.idempotencyTtl());
	}

	static RedisNotifier withOwnClient(RedisURI redisUri, NotifierOptions options) {
		RedisClient client = RedisClient.create(redisUri);
		client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		return owning(client, () -> connect(client), options);
	}

	static RedisNotifier withOwnClusterClient(Iterable<RedisURI> seedUris, NotifierOptions options) {
		RedisClusterClient client = RedisClusterClient.create(seedUris);
		// Follow a failover or a slot move within about a second.
		client.setOptions(ClusterClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
				.enableAllAdaptiveRefreshTriggers()
				.adaptiveRefreshTriggersTimeout(CLUSTER_REFRESH)
				.enablePeriodicRefresh(CLUSTER_PERIODIC_REFRESH)
				.build())
			.build());
		return owning(client, () -> connect(client), options);
	}

	private static RedisNotifier owning(AbstractRedisClient client, Supplier<Connected> connect,
			NotifierOptions options) {
		try {
			return new RedisNotifier(client, connect.get(), options);
		}
		catch (RuntimeException ex) {
			client.shutdown();
			throw ex;
		}
	}

	static RedisNotifier onSharedClient(RedisClient client, NotifierOptions options) {
		return new RedisNotifier(null, connect(client), options);
	}

	static RedisNotifier onSharedClient(RedisClusterClient client, NotifierOptions options) {
		return new RedisNotifier(null, connect(client), options);
	}

	/**
	 * Connect and load the scripts, so that the first publishes do not each fail with
	 * {@code NOSCRIPT} and need a second round trip.
	 */
	private static Connected connect(RedisClient client) {
		try {
			StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
			HistoryCommands.loadScripts(connection.sync());
			return new Connected(connection, connection.async(), ChannelKind.CLASSIC);
		}
		catch (RedisException ex) {
			throw new RedisUnavailableException("Cannot connect to Redis: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Connect to a Redis Cluster, where events are published on sharded pub/sub, and load
	 * the scripts into every node.
	 */
	private static Connected connect(RedisClusterClient client) {
		try {
			StatefulRedisClusterConnection<String, String> connection = client.connect(StringCodec.UTF8);
			HistoryCommands.loadScripts(connection.sync());
			return new Connected(connection, connection.async(), ChannelKind.SHARDED);
		}
		catch (RedisException ex) {
			throw new RedisUnavailableException("Cannot connect to Redis Cluster: " + ex.getMessage(), ex);
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
		return publishWithReceiptAsync(taskId, event).thenApply(Receipt::id);
	}

	@Override
	public CompletionStage<Receipt> publishWithReceiptAsync(String taskId, NotifyEvent event) {
		PublishTrace trace = (event.trace() != null) ? PublishTrace.NONE : this.options.tracer().start(taskId);
		String envelope;
		try {
			envelope = envelope(taskId, event, (event.trace() != null) ? event.trace() : trace.context());
		}
		catch (RuntimeException ex) {
			trace.end(null, ex);
			throw ex;
		}
		CompletableFuture<Appended> result = this.order.run(taskId, () -> this.history.publish(this.commands, taskId,
				envelope, event.isTerminal(), event.idempotencyKey(), this.limits));
		return withTimeout(result).handle((appended, failure) -> {
			trace.end((appended != null) ? appended.id() : null, failure);
			return receipt(taskId, appended, failure);
		});
	}

	/**
	 * Fail the publish with a {@link TimeoutException} when Redis has not answered within
	 * the timeout. On the client's own timer (a hashed wheel that ticks on its own
	 * thread): {@link CompletableFuture#orTimeout} would wake a scheduler thread for
	 * every publish.
	 */
	private <T> CompletableFuture<T> withTimeout(CompletableFuture<T> result) {
		if (result.isDone()) {
			return result;
		}
		Timeout timeout = this.connection.getResources()
			.timer()
			.newTimeout((expired) -> result.completeExceptionally(new TimeoutException()),
					this.options.timeout().toMillis(), TimeUnit.MILLISECONDS);
		return result.whenComplete((id, failure) -> timeout.cancel());
	}

	private String envelope(String taskId, NotifyEvent event, @Nullable TraceContext trace) {
		try {
			return EnvelopeWriter.writeNew(taskId, event.name(), dataJson(event.data()), event.status(), trace,
					this.options.maxPayloadBytes());
		}
		catch (io.ssegate.protocol.EventTooLargeException ex) {
			throw new EventTooLargeException(Objects.requireNonNull(ex.getMessage()));
		}
	}

	private String dataJson(@Nullable Object data) {
		if (data == null) {
			return "null";
		}
		if (data instanceof String text) {
			return EnvelopeWriter.quote(text);
		}
		String json = this.options.dataSerializer().toJson(data);
		if (json == null || json.isBlank()) {
			throw new IllegalArgumentException("Data cannot be written as JSON: the serializer wrote nothing");
		}
		return json;
	}

	private Receipt receipt(String taskId, @Nullable Appended appended, @Nullable Throwable failure) {
		if (failure == null && appended != null) {
			return new Receipt(appended.id(), appended.receivers());
		}
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof io.ssegate.protocol.TaskEndedException ex) {
			throw new TaskEndedException(Objects.requireNonNull(ex.getMessage()));
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

	/**
	 * A connection, its commands, and how events travel on it.
	 */
	private record Connected(StatefulConnection<String, String> connection,
			RedisScriptingAsyncCommands<String, String> commands, ChannelKind channels) {

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
