package io.ssegate.notifier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import org.jspecify.annotations.Nullable;

/**
 * Publishes events of long-running tasks to Redis, from where every ssegate gateway node
 * delivers them to the browsers that follow the task.
 *
 * <pre class="code">
 * try (Notifier notifier = Notifier.create("redis://localhost:6379")) {
 *     notifier.progress("42", 50);
 *     notifier.complete("42", "done");
 * }
 * </pre>
 *
 * <p>
 * A notifier is thread-safe and shares one Redis connection among all callers: create one
 * per application and close it on shutdown. Each publish appends the event to the task's
 * bounded history and publishes it on the task's channel in one atomic round trip, so
 * subscribers that connect late or reconnect still receive it.
 */
public interface Notifier extends AutoCloseable {

	/**
	 * Create a notifier with its own Redis client.
	 * @param redisUri a Redis URI such as {@code redis://localhost:6379}
	 * @return the notifier; closing it closes the client
	 * @throws RedisUnavailableException if Redis cannot be reached
	 */
	static Notifier create(String redisUri) {
		return create(RedisURI.create(redisUri));
	}

	/**
	 * Create a notifier with its own Redis client and the default options.
	 * @param redisUri the Redis URI
	 * @return the notifier; closing it closes the client
	 * @throws RedisUnavailableException if Redis cannot be reached
	 */
	static Notifier create(RedisURI redisUri) {
		return create(redisUri, NotifierOptions.create());
	}

	/**
	 * Create a notifier with its own Redis client. The client rejects commands while it
	 * is disconnected, so publishing during an outage fails at once.
	 * @param redisUri the Redis URI
	 * @param options the options
	 * @return the notifier; closing it closes the client
	 * @throws RedisUnavailableException if Redis cannot be reached
	 */
	static Notifier create(RedisURI redisUri, NotifierOptions options) {
		return RedisNotifier.withOwnClient(redisUri, options);
	}

	/**
	 * Create a notifier on an existing client, with the default options.
	 * @param client the client, which must have a default URI; it stays owned by the
	 * caller
	 * @return the notifier; closing it closes only its connection
	 * @throws RedisUnavailableException if Redis cannot be reached
	 */
	static Notifier create(RedisClient client) {
		return create(client, NotifierOptions.create());
	}

	/**
	 * Create a notifier on an existing client.
	 * @param client the client, which must have a default URI; it stays owned by the
	 * caller
	 * @param options the options
	 * @return the notifier; closing it closes only its connection
	 * @throws RedisUnavailableException if Redis cannot be reached
	 */
	static Notifier create(RedisClient client, NotifierOptions options) {
		return RedisNotifier.onSharedClient(client, options);
	}

	/**
	 * Create a notifier for a Redis Cluster, with its own cluster client. Events are
	 * published on sharded pub/sub ({@code SPUBLISH}) on the shard that holds the task.
	 * The client rejects commands while it is disconnected, so publishing during an
	 * outage fails at once.
	 * @param seedUris URIs of some nodes of the cluster
	 * @param options the options
	 * @return the notifier; closing it closes the client
	 * @throws RedisUnavailableException if the cluster cannot be reached
	 */
	static Notifier createForCluster(Iterable<RedisURI> seedUris, NotifierOptions options) {
		return RedisNotifier.withOwnClusterClient(seedUris, options);
	}

	/**
	 * Create a notifier on an existing Redis Cluster client. Events are published on
	 * sharded pub/sub ({@code SPUBLISH}) on the shard that holds the task.
	 * @param client the cluster client; it stays owned by the caller
	 * @param options the options
	 * @return the notifier; closing it closes only its connection
	 * @throws RedisUnavailableException if the cluster cannot be reached
	 */
	static Notifier create(RedisClusterClient client, NotifierOptions options) {
		return RedisNotifier.onSharedClient(client, options);
	}

	/**
	 * Publish an event and wait for Redis to store it, at most
	 * {@link NotifierOptions#timeout()}.
	 * @param taskId the task id: 1 to 128 letters, digits, {@code . _ : -}
	 * @param event the event
	 * @return the event id (also the SSE {@code id:}); for a repeated idempotency key,
	 * the first event's id
	 * @throws IllegalArgumentException if the task id is invalid or the data cannot be
	 * written as JSON
	 * @throws EventTooLargeException if the event is too large
	 * @throws TaskEndedException if the task already ended
	 * @throws RedisUnavailableException if Redis is unreachable or does not answer in
	 * time
	 */
	String publish(String taskId, NotifyEvent event);

	/**
	 * Publish an event without blocking. The stage fails with a {@link NotifierException}
	 * (see {@link #publish(String, NotifyEvent)}) when Redis does not store the event.
	 * Events of one task are sent one at a time, in call order, so that Redis stores them
	 * in that order even when one must be re-sent (after Redis lost its script cache);
	 * events of different tasks are pipelined. Dependent stages added with the
	 * non-{@code Async} methods run on Lettuce's I/O thread: never block in them (use
	 * {@code thenApplyAsync} and friends for blocking work).
	 * @param taskId the task id
	 * @param event the event
	 * @return the event id, when stored
	 * @throws IllegalArgumentException if the task id is invalid or the data cannot be
	 * written as JSON
	 * @throws EventTooLargeException if the event is too large
	 */
	CompletionStage<String> publishAsync(String taskId, NotifyEvent event);

	/**
	 * Publish an event without blocking, as {@link #publishAsync(String, NotifyEvent)}
	 * does, and tell how many gateway nodes it reached.
	 * @param taskId the task id
	 * @param event the event
	 * @return the event id and its receivers, when stored
	 * @throws IllegalArgumentException if the task id is invalid or the data cannot be
	 * written as JSON
	 * @throws EventTooLargeException if the event is too large
	 */
	CompletionStage<Receipt> publishWithReceiptAsync(String taskId, NotifyEvent event);

	/**
	 * Publish several events, of one task or of several, without blocking: each as
	 * {@link #publishAsync(String, NotifyEvent)} does, in list order, so a task's events
	 * are stored in that order and the others go out without waiting for one another. An
	 * event that cannot be published (invalid data, too large) gets a failed stage; the
	 * others are still published.
	 * @param notifications the events, each with its task
	 * @return one stage per event, in list order
	 */
	default List<CompletionStage<String>> publishAllAsync(List<TaskNotification> notifications) {
		List<CompletionStage<String>> stages = new ArrayList<>(notifications.size());
		for (TaskNotification notification : notifications) {
			try {
				stages.add(publishAsync(notification.taskId(), notification.event()));
			}
			catch (RuntimeException ex) {
				stages.add(CompletableFuture.failedFuture(ex));
			}
		}
		return stages;
	}

	/**
	 * Publish several events, of one task or of several, and wait until Redis has
	 * answered for all of them: a burst costs about one round trip instead of one per
	 * event (see {@link #publishAllAsync(List)}).
	 * @param notifications the events, each with its task
	 * @return the event ids, in list order
	 * @throws NotifierException the first failure in list order, or an
	 * {@link IllegalArgumentException} for invalid data; the other events were published
	 * all the same
	 */
	default List<String> publishAll(List<TaskNotification> notifications) {
		List<CompletableFuture<String>> stages = publishAllAsync(notifications).stream()
			.map(CompletionStage::toCompletableFuture)
			.toList();
		CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).exceptionally((failure) -> null).join();
		List<String> ids = new ArrayList<>(stages.size());
		for (CompletableFuture<String> stage : stages) {
			try {
				ids.add(stage.join());
			}
			catch (CompletionException ex) {
				throw (ex.getCause() instanceof RuntimeException cause) ? cause
						: new NotifierException("Publish failed", ex.getCause());
			}
		}
		return ids;
	}

	/**
	 * Publish progress ({@link NotifyEvent#progress(Object)}).
	 * @param taskId the task id
	 * @param data the progress
	 * @return the event id
	 */
	default String progress(String taskId, @Nullable Object data) {
		return publish(taskId, NotifyEvent.progress(data));
	}

	/**
	 * End a task successfully ({@link NotifyEvent#completed(Object)}); its streams close.
	 * @param taskId the task id
	 * @param data the result
	 * @return the event id
	 */
	default String complete(String taskId, @Nullable Object data) {
		return publish(taskId, NotifyEvent.completed(data));
	}

	/**
	 * End a task with a failure ({@link NotifyEvent#failed(Object)}); its streams close.
	 * @param taskId the task id
	 * @param data what went wrong
	 * @return the event id
	 */
	default String fail(String taskId, @Nullable Object data) {
		return publish(taskId, NotifyEvent.failed(data));
	}

	/**
	 * The options of this notifier.
	 * @return the options
	 */
	NotifierOptions options();

	/**
	 * Close the connection, and the client if this notifier created it.
	 */
	@Override
	void close();

}
