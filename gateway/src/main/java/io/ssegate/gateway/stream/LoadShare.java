package io.ssegate.gateway.stream;

import java.util.List;

/**
 * One node's streams against every node's: how many it holds beyond its share.
 *
 * @param here this node's open streams
 * @param everyNode the open streams of every live node, this one included
 */
record LoadShare(int here, List<Integer> everyNode) {

	/**
	 * The streams this node should hand over: none while it holds at most the average
	 * plus the tolerance, else down to the average.
	 * @param tolerance the fraction of the average a node may hold above it
	 * @return how many streams to end, 0 or more
	 */
	int excess(double tolerance) {
		if (this.everyNode.size() < 2) {
			return 0;
		}
		double average = this.everyNode.stream().mapToInt(Integer::intValue).average().orElse(0);
		if (this.here <= average * (1 + tolerance)) {
			return 0;
		}
		return (int) Math.floor(this.here - average);
	}

}
