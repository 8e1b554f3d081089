package io.ssegate.gateway.stream;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.IntStream;

import io.ssegate.gateway.broker.EventBroker;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.stream.StreamRefusedException.Reason;
import io.ssegate.gateway.stream.StreamTasks.TaskStart;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Opens a client's stream of one or more tasks: subscribe first, then read the history
 * after the client's last id, then go live, dropping what the history already delivered.
 * A stream ends at the stream timeout, or sooner when the client's token stops being
 * accepted; the token's expiry ends it with a jittered {@code retry:} of the reconnect
 * delay, so that the client reconnects with a fresh token and resumes. Clients whose
 * tokens were minted together do not all reconnect together.
 */
@Component
class StreamOpener {

	private final EventBroker broker;

	private final StreamRegistry registry;

	private final StreamProperties properties;

	private final Drain drain;

	private final RetryHints hints;

	private final StreamMeters metrics;

	private final TaskScheduler scheduler;

	private final ClientStreamCounts clients;

	StreamOpener(EventBroker broker, StreamRegistry registry, Drain drain, RetryHints hints, StreamMeters metrics,
			StreamProperties properties, TaskScheduler scheduler, ClientStreamCounts clients) {
		this.broker = broker;
		this.registry = registry;
		this.drain = drain;
		this.hints = hints;
		this.metrics = metrics;
		this.properties = properties;
		this.scheduler = scheduler;
		this.clients = clients;
	}

	/**
	 * Open a stream of one or more tasks: its first frames are queued, ready for the
	 * response. For each task: subscribe, read the history after the client's last id,
	 * deliver it, then go live.
	 * @param tasks the tasks, and where each resumes
	 * @param accessEnds when the client's token stops being accepted, or {@code null} for
	 * an anonymous stream
	 * @param client who opens it, for the limits per client
	 * @return the stream's writer, or {@code null} when the client already has the final
	 * event of every task and must stop reconnecting
	 * @throws StreamRefusedException if the node is full or draining, the client holds
	 * its maximum of streams, or the broker does not answer within its timeout
	 */
	@Nullable StreamWriter open(StreamTasks tasks, @Nullable Instant accessEnds, ClientStreamCounts.Client client) {
		refuseWhenUnable();
		Runnable clientClosed = openFor(client);
		long timeoutMillis = jitteredTimeoutMillis();
		StreamWriter writer = new StreamWriter(this.properties.queueCapacity(), timeoutMillis, this.metrics);
		ClientStream stream = tasks.isSingle() ? new SingleTaskStream(writer)
				: new MultiTaskStream(writer, tasks, this::leave);
		List<TaskStart> starts = tasks.tasks();
		List<TaskFollower> followers = starts.stream()
			.map((start) -> new TaskFollower(start.taskId(), start.resumeAfter(), stream, this.metrics))
			.toList();
		AtomicReference<@Nullable ScheduledFuture<?>> accessEnd = new AtomicReference<>();
		StreamLifetime lifetime = new StreamLifetime(this.metrics);
		writer.whenClosed((reason) -> {
			lifetime.closed(reason);
			clientClosed.run();
			ScheduledFuture<?> end = accessEnd.get();
			if (end != null) {
				end.cancel(false);
			}
			followers.forEach(this::leave);
			this.registry.remove(stream);
		});
		// Every acquire is paired with a release, which closing the writer does.
		Runnable undo = () -> writer.completeNow(StreamEnd.BROKER);
		await(all(followers, (follower) -> this.broker.acquire(follower.taskId())), undo);
		this.registry.add(stream);
		followers.forEach(this.registry::add);
		List<Replay> replays = await(all(starts, (start) -> this.broker.replay(start.taskId(), start.after())), undo);
		List<Integer> ended = endedTasks(starts, replays);
		if (ended.size() == starts.size()) {
			writer.completeNow(StreamEnd.TASK_ENDED);
			return null;
		}
		ended.forEach((index) -> stream.taskEnded(followers.get(index)));
		writer.send(SseFrame.open(this.properties.reconnectDelay()));
		lifetime.opened(tasks.isResume());
		for (int i = 0; i < starts.size(); i++) {
			if (!ended.contains(i)) {
				followers.get(i).openedWith(replays.get(i));
			}
		}
		if (this.drain.isDraining()) {
			// The drain began while this stream opened, after it ended the others.
			stream.endWithRetry(this.hints.moveNow(), StreamEnd.DRAIN);
		}
		else if (accessEnds != null && accessEnds.isBefore(Instant.now().plusMillis(timeoutMillis))) {
			accessEnd.set(this.scheduler
				.schedule(() -> stream.endWithRetry(this.hints.comeBackLater(), StreamEnd.TOKEN_EXPIRED), accessEnds));
		}
		return writer;
	}

	/**
	 * The tasks whose final event the client already has: the history holds nothing after
	 * its last id, and that id is the task's final one.
	 */
	private static List<Integer> endedTasks(List<TaskStart> starts, List<Replay> replays) {
		return IntStream.range(0, starts.size())
			.filter((i) -> starts.get(i).after() != null && replays.get(i).isAtEnd())
			.boxed()
			.toList();
	}

	/**
	 * The stream timeout plus up to a tenth of it at random, so that clients that
	 * connected together (after a node restart) do not all reconnect together.
	 */
	private long jitteredTimeoutMillis() {
		long timeout = this.properties.timeout().toMillis();
		return timeout + ThreadLocalRandom.current().nextLong(timeout / 10 + 1);
	}

	private void refuseWhenUnable() {
		if (this.drain.isDraining()) {
			throw refused(Reason.DRAINING, "This node is shutting down; connect to another one", null);
		}
		if (this.registry.streamCount() >= this.properties.streamLimit()) {
			throw refused(Reason.LIMIT, "This node holds its maximum of " + this.properties.streamLimit() + " streams",
					null);
		}
	}

	private Runnable openFor(ClientStreamCounts.Client client) {
		try {
			return this.clients.open(client);
		}
		catch (StreamRefusedException ex) {
			this.metrics.rejected(ex.reason().tag());
			throw ex;
		}
	}

	/**
	 * A task leaves a stream (it ended, or the stream closed): release its subscription.
	 */
	private void leave(TaskFollower follower) {
		if (follower.detach()) {
			this.registry.remove(follower);
			this.broker.release(follower.taskId());
		}
	}

	/**
	 * Ask the broker for something of each task, all at once.
	 */
	private static <S, T> List<CompletableFuture<T>> all(List<S> tasks, Function<S, CompletableFuture<T>> request) {
		return tasks.stream().map(request).toList();
	}

	/**
	 * Wait for the broker, which fails each future after its timeout.
	 */
	private <T> List<T> await(List<CompletableFuture<T>> futures, Runnable undo) {
		try {
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
			return futures.stream().map(CompletableFuture::join).toList();
		}
		catch (CompletionException ex) {
			undo.run();
			throw refused(Reason.BROKER, "The event broker is not available", ex.getCause());
		}
	}

	private StreamRefusedException refused(Reason reason, String message, @Nullable Throwable cause) {
		this.metrics.rejected(reason.tag());
		return (cause != null) ? new StreamRefusedException(reason, message, cause)
				: new StreamRefusedException(reason, message);
	}

}
