package io.ssegate.gateway.stream;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import io.ssegate.gateway.broker.EventBroker;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.stream.StreamRefusedException.Reason;
import io.ssegate.gateway.system.GatewayMetrics;
import io.ssegate.protocol.EventId;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Opens a client's stream of a task: subscribe first, then read the history after the
 * client's last id, then go live, dropping what the history already delivered. A stream
 * ends at the stream timeout, or sooner when the client's token stops being accepted.
 */
@Component
class StreamOpener {

	private final EventBroker broker;

	private final ConnectionRegistry registry;

	private final StreamProperties properties;

	private final Drain drain;

	private final GatewayMetrics metrics;

	private final TaskScheduler scheduler;

	StreamOpener(EventBroker broker, ConnectionRegistry registry, Drain drain, GatewayMetrics metrics,
			StreamProperties properties, TaskScheduler scheduler) {
		this.broker = broker;
		this.registry = registry;
		this.drain = drain;
		this.metrics = metrics;
		this.properties = properties;
		this.scheduler = scheduler;
	}

	/**
	 * Open a stream: its first frames are queued, ready for the response.
	 * @param taskId the task
	 * @param lastEventId the last id the client received, or {@code null}
	 * @param accessEnds when the client's token stops being accepted, or {@code null} for
	 * an anonymous stream
	 * @return the stream's writer, or {@code null} when the client already has the task's
	 * final event and must stop reconnecting
	 * @throws StreamRefusedException if the node is full or draining, or the broker does
	 * not answer within its timeout
	 */
	@Nullable StreamWriter open(String taskId, @Nullable EventId lastEventId, @Nullable Instant accessEnds) {
		refuseWhenUnable();
		long timeoutMillis = jitteredTimeoutMillis();
		StreamWriter writer = new StreamWriter(this.properties.queueCapacity(), timeoutMillis, this.metrics);
		Connection connection = new Connection(taskId, (lastEventId != null) ? lastEventId : EventId.ZERO, writer,
				this.metrics);
		AtomicReference<@Nullable ScheduledFuture<?>> accessEnd = new AtomicReference<>();
		writer.whenClosed(() -> {
			ScheduledFuture<?> end = accessEnd.get();
			if (end != null) {
				end.cancel(false);
			}
			close(connection);
		});
		await(this.broker.acquire(taskId), () -> this.broker.release(taskId));
		this.registry.add(connection);
		Replay replay = await(this.broker.replay(taskId, lastEventId), () -> close(connection));
		if (lastEventId != null && replay.isFinished()) {
			close(connection);
			return null;
		}
		writer.send(SseFrame.open(this.properties.reconnectDelay()));
		connection.finishOpen(replay);
		if (this.drain.isDraining()) {
			// The drain began while this stream opened, after it ended the others.
			connection.endWithRetry(this.drain.retryHint());
		}
		else if (accessEnds != null && accessEnds.isBefore(Instant.now().plusMillis(timeoutMillis))) {
			accessEnd.set(this.scheduler.schedule(() -> endWithRetry(connection), accessEnds));
		}
		return writer;
	}

	/**
	 * The client's token is no longer accepted: end the stream like the drain does, with
	 * a jittered {@code retry:} hint, so that the client reconnects with a fresh token (a
	 * renewed cookie, or a new URL) and resumes from its last id. Clients whose tokens
	 * were minted together do not all reconnect together. Should the stream close before
	 * the timer is set, the timer only ends a closed stream, at the token's expiry.
	 */
	private void endWithRetry(Connection connection) {
		connection.endWithRetry(this.drain.retryHint());
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
		if (this.registry.connectionCount() >= this.properties.maxConnections()) {
			throw refused(Reason.LIMIT,
					"This node holds its maximum of " + this.properties.maxConnections() + " streams", null);
		}
	}

	private void close(Connection connection) {
		if (connection.detach()) {
			this.registry.remove(connection);
			this.broker.release(connection.taskId());
		}
	}

	/**
	 * Wait for the broker, which fails the future after its timeout.
	 */
	private <T> T await(CompletableFuture<T> future, Runnable undo) {
		try {
			return future.join();
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
