package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.List;

/**
 * The open streams of every gateway node on the same broker, which each node reports
 * itself: what a node compares its own with to tell whether it holds more than its share.
 */
public interface NodeLoads {

	/**
	 * Report this node's open streams, and read every live node's.
	 * @param streams this node's open streams
	 * @param lifetime how long a report counts: a node that has not reported for that
	 * long is left out
	 * @return the open streams of every node that reported within the lifetime, this one
	 * included, in no particular order
	 * @throws RuntimeException when the broker cannot be reached
	 */
	List<Integer> report(int streams, Duration lifetime);

	/**
	 * Take this node out of the others' view at once (it is draining), instead of when
	 * its last report gets too old.
	 */
	void leave();

}
