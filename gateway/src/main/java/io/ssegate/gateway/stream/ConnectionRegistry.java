package io.ssegate.gateway.stream;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.ssegate.gateway.broker.EventSink;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.system.GatewayMetrics;
import io.ssegate.protocol.EventId;

/**
 * The open streams of this node, and their connections by task. Receives the broker's
 * events and hands each to the connections of its task, spreading wide tasks over the
 * fan-out lanes.
 */
public class ConnectionRegistry implements EventSink {

	private final Map<String, TaskConnections> byTask = new ConcurrentHashMap<>();

	private final Set<ClientStream> streams = ConcurrentHashMap.newKeySet();

	private final GatewayMetrics metrics;

	private final FanOutLanes fanOut;

	ConnectionRegistry(GatewayMetrics metrics, FanOutLanes fanOut) {
		this.metrics = metrics;
		this.fanOut = fanOut;
		metrics.trackConnections(this::connectionCount, this::taskCount);
		metrics.registerRejections(
				Stream.of(StreamRefusedException.Reason.values()).map(StreamRefusedException.Reason::tag).toList());
	}

	void add(ClientStream stream) {
		this.streams.add(stream);
	}

	void remove(ClientStream stream) {
		this.streams.remove(stream);
	}

	void add(Connection connection) {
		this.byTask.compute(connection.taskId(), (taskId, task) -> {
			TaskConnections connections = (task != null) ? task : new TaskConnections(this.fanOut.count());
			connections.add(connection, this.fanOut);
			return connections;
		});
	}

	void remove(Connection connection) {
		this.byTask.computeIfPresent(connection.taskId(), (taskId, connections) -> {
			connections.remove(connection);
			return connections.isEmpty() ? null : connections;
		});
	}

	/**
	 * Number of open streams, whatever the number of tasks each follows.
	 * @return the count
	 */
	public int connectionCount() {
		return this.streams.size();
	}

	/**
	 * Number of tasks with at least one open connection.
	 * @return the count
	 */
	public int taskCount() {
		return this.byTask.size();
	}

	void sendToAll(SseFrame frame) {
		this.streams.forEach((stream) -> stream.send(frame));
	}

	void forEachStream(Consumer<ClientStream> action) {
		this.streams.forEach(action);
	}

	/**
	 * Some streams that have been open for a while and are not ending, in no particular
	 * order.
	 * @param nanos how long each must have been open, at least
	 * @param limit how many to return, at most
	 * @return the streams
	 */
	List<ClientStream> streamsOpenSince(long nanos, int limit) {
		long now = System.nanoTime();
		return this.streams.stream()
			.filter((stream) -> !stream.isEnding() && stream.isOpenSince(nanos, now))
			.limit(limit)
			.toList();
	}

	@Override
	public void deliver(TaskEvent event) {
		TaskConnections connections = this.byTask.get(event.taskId());
		if (connections != null) {
			connections.deliver(event, this.fanOut);
			this.metrics.fannedOut(event.publishedAt());
		}
	}

	@Override
	public void suspend() {
		this.byTask.values().forEach((connections) -> connections.forEach(Connection::suspend));
	}

	@Override
	public void suspend(String taskId) {
		forEachOf(taskId, Connection::suspend);
	}

	@Override
	public EventId resumePoint(String taskId) {
		TaskConnections connections = this.byTask.get(taskId);
		if (connections == null) {
			return EventId.ZERO;
		}
		return connections.stream().map(Connection::lastId).min(Comparator.naturalOrder()).orElse(EventId.ZERO);
	}

	@Override
	public void resume(String taskId, Replay replay) {
		forEachOf(taskId, (connection) -> connection.finishResync(replay));
	}

	@Override
	public void abandon(String taskId) {
		forEachOf(taskId, Connection::close);
	}

	private void forEachOf(String taskId, Consumer<Connection> action) {
		TaskConnections connections = this.byTask.get(taskId);
		if (connections != null) {
			connections.forEach(action);
		}
	}

}
