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
 * The followers of one task on this node: those written inline, and those pinned to each
 * fan-out lane. A follower stays where it was added, so its frames stay in order.
 */
final class TaskFollowers {

	private final Set<TaskFollower> inline = ConcurrentHashMap.newKeySet();

	/** Per lane, created on first use: most tasks never have enough followers. */
	private final AtomicReferenceArray<@Nullable Set<TaskFollower>> lanes;

	TaskFollowers(int laneCount) {
		this.lanes = new AtomicReferenceArray<>(laneCount);
	}

	/**
	 * Add a follower: inline while the task has few, then to the next lane. Callers
	 * serialize additions to one task.
	 */
	void add(TaskFollower follower, FanOutLanes fanOut) {
		if (this.inline.size() < fanOut.inlineLimit()) {
			this.inline.add(follower);
		}
		else {
			int lane = fanOut.nextLane();
			Set<TaskFollower> followers = this.lanes.get(lane);
			if (followers == null) {
				followers = ConcurrentHashMap.newKeySet();
				this.lanes.set(lane, followers);
			}
			followers.add(follower);
		}
	}

	boolean remove(TaskFollower follower) {
		return this.inline.remove(follower) || laneSets().anyMatch((lane) -> lane.remove(follower));
	}

	/**
	 * The number of followers: not on the path of every event (it counts).
	 */
	int size() {
		return this.inline.size() + laneSets().mapToInt(Set::size).sum();
	}

	boolean isEmpty() {
		return this.inline.isEmpty() && laneSets().allMatch(Set::isEmpty);
	}

	/**
	 * Offer a live event to every follower: inline ones now, each lane's on its lane; the
	 * delay until each group is written is measured once for the group.
	 */
	void deliver(TaskEvent event, FanOutLanes fanOut, StreamMeters metrics) {
		if (!this.inline.isEmpty()) {
			this.inline.forEach((follower) -> follower.offerLive(event));
			metrics.written(event.publishedAt());
		}
		for (int i = 0; i < this.lanes.length(); i++) {
			Set<TaskFollower> lane = this.lanes.get(i);
			if (lane != null && !lane.isEmpty()) {
				fanOut.execute(i, () -> {
					lane.forEach((follower) -> follower.offerLive(event));
					metrics.written(event.publishedAt());
				});
			}
		}
	}

	void forEach(Consumer<TaskFollower> action) {
		this.inline.forEach(action);
		laneSets().forEach((lane) -> lane.forEach(action));
	}

	Stream<TaskFollower> stream() {
		return Stream.concat(this.inline.stream(), laneSets().flatMap(Set::stream));
	}

	private Stream<Set<TaskFollower>> laneSets() {
		return IntStream.range(0, this.lanes.length()).mapToObj(this.lanes::get).filter(Objects::nonNull);
	}

}
