package io.ssegate.gateway.stream;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.ssegate.gateway.event.TaskEvent;
import org.jspecify.annotations.Nullable;

/**
 * The connections of one task on this node: those written inline, and those pinned to
 * each fan-out lane. A connection stays where it was added, so its frames stay in order.
 */
final class TaskConnections {

	private final Set<Connection> inline = ConcurrentHashMap.newKeySet();

	/** Per lane, created on first use: most tasks never have enough connections. */
	private final AtomicReferenceArray<@Nullable Set<Connection>> lanes;

	TaskConnections(int laneCount) {
		this.lanes = new AtomicReferenceArray<>(laneCount);
	}

	/**
	 * Add a connection: inline while the task has few, then to the next lane. Callers
	 * serialize additions to one task.
	 */
	void add(Connection connection, FanOutLanes fanOut) {
		if (this.inline.size() < fanOut.inlineLimit()) {
			this.inline.add(connection);
		}
		else {
			int lane = fanOut.nextLane();
			Set<Connection> connections = this.lanes.get(lane);
			if (connections == null) {
				connections = ConcurrentHashMap.newKeySet();
				this.lanes.set(lane, connections);
			}
			connections.add(connection);
		}
	}

	boolean remove(Connection connection) {
		return this.inline.remove(connection) || laneSets().anyMatch((lane) -> lane.remove(connection));
	}

	boolean isEmpty() {
		return this.inline.isEmpty() && laneSets().allMatch(Set::isEmpty);
	}

	/**
	 * Offer a live event to every connection: inline ones now, each lane's on its lane.
	 */
	void deliver(TaskEvent event, FanOutLanes fanOut) {
		this.inline.forEach((connection) -> connection.offerLive(event));
		for (int i = 0; i < this.lanes.length(); i++) {
			Set<Connection> lane = this.lanes.get(i);
			if (lane != null && !lane.isEmpty()) {
				fanOut.execute(i, () -> lane.forEach((connection) -> connection.offerLive(event)));
			}
		}
	}

	void forEach(Consumer<Connection> action) {
		this.inline.forEach(action);
		laneSets().forEach((lane) -> lane.forEach(action));
	}

	Stream<Connection> stream() {
		return Stream.concat(this.inline.stream(), laneSets().flatMap(Set::stream));
	}

	private Stream<Set<Connection>> laneSets() {
		return IntStream.range(0, this.lanes.length()).mapToObj(this.lanes::get).filter(Objects::nonNull);
	}

}
