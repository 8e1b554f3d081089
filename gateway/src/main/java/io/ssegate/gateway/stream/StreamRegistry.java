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
import io.opentelemetry.api.trace.Span;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.system.Tracing;
import io.ssegate.protocol.EventId;

/**
 * The open streams of this node, and their followers by task. Receives the broker's
 * events and hands each to the followers of its task, spreading wide tasks over the
 * fan-out lanes.
 */
public class StreamRegistry implements EventSink {

	private final Map<String, TaskFollowers> byTask = new ConcurrentHashMap<>();

	private final Set<ClientStream> streams = ConcurrentHashMap.newKeySet();

	private final StreamMeters metrics;

	private final FanOutLanes fanOut;

	private final DeliveryTracing tracing;

	/** Read on every delivery: a plain boolean while tracing is off. */
	private final boolean traced;

	StreamRegistry(StreamMeters metrics, FanOutLanes fanOut) {
		this(metrics, fanOut, new DeliveryTracing(Tracing.off()));
	}

	StreamRegistry(StreamMeters metrics, FanOutLanes fanOut, DeliveryTracing tracing) {
		this.metrics = metrics;
		this.fanOut = fanOut;
		this.tracing = tracing;
		this.traced = tracing.isOn();
		metrics.trackStreams(this::streamCount, this::taskCount);
		metrics.registerRejections(
				Stream.of(StreamRefusedException.Reason.values()).map(StreamRefusedException.Reason::tag).toList());
	}

	void add(ClientStream stream) {
		this.streams.add(stream);
	}

	void remove(ClientStream stream) {
		this.streams.remove(stream);
	}

	void add(TaskFollower follower) {
		this.byTask.compute(follower.taskId(), (taskId, task) -> {
			TaskFollowers followers = (task != null) ? task : new TaskFollowers(this.fanOut.count());
			followers.add(follower, this.fanOut);
			return followers;
		});
	}

	void remove(TaskFollower follower) {
		this.byTask.computeIfPresent(follower.taskId(), (taskId, followers) -> {
			followers.remove(follower);
			return followers.isEmpty() ? null : followers;
		});
	}

	/**
	 * Number of open streams, whatever the number of tasks each follows.
	 * @return the count
	 */
	public int streamCount() {
		return this.streams.size();
	}

	/**
	 * Number of tasks with at least one open follower.
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
		TaskFollowers followers = this.byTask.get(event.taskId());
		if (followers == null) {
			return;
		}
		if (this.traced) {
			deliverTraced(event, followers);
			return;
		}
		followers.deliver(event, this.fanOut, this.metrics);
		this.metrics.fannedOut(event.publishedAt());
	}

	private void deliverTraced(TaskEvent event, TaskFollowers followers) {
		Span span = this.tracing.start(event);
		followers.deliver(event, this.fanOut, this.metrics);
		this.metrics.fannedOut(event.publishedAt());
		DeliveryTracing.end(span, followers.size());
	}

	@Override
	public void suspend() {
		this.byTask.values().forEach((followers) -> followers.forEach(TaskFollower::suspend));
	}

	@Override
	public void suspend(String taskId) {
		forEachOf(taskId, TaskFollower::suspend);
	}

	@Override
	public EventId resumePoint(String taskId) {
		TaskFollowers followers = this.byTask.get(taskId);
		if (followers == null) {
			return EventId.ZERO;
		}
		return followers.stream().map(TaskFollower::lastId).min(Comparator.naturalOrder()).orElse(EventId.ZERO);
	}

	@Override
	public void resume(String taskId, Replay replay) {
		forEachOf(taskId, (follower) -> follower.resyncedWith(replay));
	}

	@Override
	public void abandon(String taskId) {
		forEachOf(taskId, TaskFollower::close);
	}

	private void forEachOf(String taskId, Consumer<TaskFollower> action) {
		TaskFollowers followers = this.byTask.get(taskId);
		if (followers != null) {
			followers.forEach(action);
		}
	}

}
