package io.ssegate.gateway.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.ssegate.gateway.event.TaskEvent;

/**
 * The connections of one task on this node: those written inline, and those pinned to
 * each fan-out lane. A connection stays where it was added, so its frames stay in order.
 */
final class TaskConnections {

	private final Set<Connection> inline = ConcurrentHashMap.newKeySet();

	private final List<Set<Connection>> lanes;

	TaskConnections(int laneCount) {
		this.lanes = new ArrayList<>(laneCount);
		for (int i = 0; i < laneCount; i++) {
			this.lanes.add(ConcurrentHashMap.newKeySet());
		}
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
			this.lanes.get(fanOut.nextLane()).add(connection);
		}
	}

	boolean remove(Connection connection) {
		boolean removed = this.inline.remove(connection);
		for (Set<Connection> lane : this.lanes) {
			removed |= lane.remove(connection);
		}
		return removed;
	}

	boolean isEmpty() {
		return this.inline.isEmpty() && this.lanes.stream().allMatch(Set::isEmpty);
	}

	/**
	 * Offer a live event to every connection: inline ones now, each lane's on its lane.
	 */
	void deliver(TaskEvent event, FanOutLanes fanOut) {
		this.inline.forEach((connection) -> connection.offerLive(event));
		for (int i = 0; i < this.lanes.size(); i++) {
			Set<Connection> lane = this.lanes.get(i);
			if (!lane.isEmpty()) {
				fanOut.execute(i, () -> lane.forEach((connection) -> connection.offerLive(event)));
			}
		}
	}

	void forEach(Consumer<Connection> action) {
		this.inline.forEach(action);
		this.lanes.forEach((lane) -> lane.forEach(action));
	}

	Stream<Connection> stream() {
		return Stream.concat(this.inline.stream(), this.lanes.stream().flatMap(Set::stream));
	}

}
