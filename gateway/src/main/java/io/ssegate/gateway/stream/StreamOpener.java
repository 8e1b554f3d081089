package io.ssegate.gateway.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ssegate.gateway.broker.EventBroker;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.system.GatewayMetrics;
import io.ssegate.gateway.system.GatewayProperties;
import io.ssegate.notifier.protocol.EventId;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Opens a client's stream of a task: subscribe first, then read the history after the
 * client's last id, then go live, dropping what the history already delivered.
 */
@Component
class StreamOpener {

	private final EventBroker broker;

	private final ConnectionRegistry registry;

	private final GatewayProperties.Stream properties;

	private final Drain drain;

	private final GatewayMetrics metrics;

	StreamOpener(EventBroker broker, ConnectionRegistry registry, Drain drain, GatewayMetrics metrics,
			GatewayProperties properties) {
		this.broker = broker;
		this.registry = registry;
		this.drain = drain;
		this.metrics = metrics;
		this.properties = properties.stream();
	}

	/**
	 * Open a stream: its first frames are queued, ready for the response.
	 * @param taskId the task
	 * @param lastEventId the last id the client received, or {@code null}
	 * @return the stream's writer, or {@code null} when the client already has the task's
	 * final event and must stop reconnecting
	 * @throws StreamRefusedException if the node is full or draining, or the broker does
	 * not answer in time
	 */
	@Nullable StreamWriter open(String taskId, @Nullable EventId lastEventId) {
		refuseWhenUnable();
		StreamWriter writer = new StreamWriter(this.properties.queueCapacity(), jitteredTimeoutMillis(), this.metrics);
		Connection connection = new Connection(taskId, (lastEventId != null) ? lastEventId : EventId.ZERO, writer,
				this.metrics);
		writer.whenClosed(() -> close(connection));
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
		return writer;
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
			this.metrics.rejected("draining");
			throw new StreamRefusedException("draining", "This node is shutting down; connect to another one");
		}
		if (this.registry.connectionCount() >= this.properties.maxConnections()) {
			this.metrics.rejected("limit");
			throw new StreamRefusedException("limit",
					"This node holds its maximum of " + this.properties.maxConnections() + " streams");
		}
	}

	private void close(Connection connection) {
		if (connection.detach()) {
			this.registry.remove(connection);
			this.broker.release(connection.taskId());
		}
	}

	private <T> T await(CompletableFuture<T> future, Runnable undo) {
		try {
			return future.get(this.properties.openTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			undo.run();
			this.metrics.rejected("broker");
			throw new StreamRefusedException("broker", "The event broker is not available", ex);
		}
		catch (InterruptedException ex) {
			undo.run();
			Thread.currentThread().interrupt();
			throw new StreamRefusedException("broker", "Interrupted while opening the stream", ex);
		}
	}

}
