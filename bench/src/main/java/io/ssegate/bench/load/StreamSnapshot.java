package io.ssegate.bench.load;

/**
 * Counters of a {@link StreamClient} at one instant. Delivery figures cover the streams
 * that count (not the paused ones).
 *
 * @param nanos when it was taken
 * @param streams streams held
 * @param open streams open now
 * @param counted streams whose deliveries count
 * @param opens responses with status 200, reconnects included
 * @param disconnects open streams that lost their connection
 * @param connectFailures connects or requests that failed before a response head
 * @param httpErrors responses with another status than 200
 * @param expected events the counted streams should have received: for each, the events
 * its task's publisher stored
 * @param delivered first deliveries
 * @param missing events not (yet) received
 * @param duplicates deliveries of an event already received
 * @param reordered events received after a later event of their task
 * @param malformed events whose data was not a benchmark payload
 * @param misrouted events of another task
 */
record StreamSnapshot(long nanos, int streams, int open, int counted, long opens, long disconnects,
		long connectFailures, long httpErrors, long expected, long delivered, long missing, long duplicates,
		long reordered, long malformed, long misrouted) {

	/**
	 * What happened between an earlier snapshot and this one.
	 * @param earlier the earlier snapshot
	 * @return the differences; gauges ({@code streams}, {@code open}, {@code counted})
	 * keep this snapshot's values
	 */
	StreamSnapshot since(StreamSnapshot earlier) {
		return new StreamSnapshot(this.nanos - earlier.nanos, this.streams, this.open, this.counted,
				this.opens - earlier.opens, this.disconnects - earlier.disconnects,
				this.connectFailures - earlier.connectFailures, this.httpErrors - earlier.httpErrors,
				this.expected - earlier.expected, this.delivered - earlier.delivered,
				Math.max(0, this.missing - earlier.missing), this.duplicates - earlier.duplicates,
				this.reordered - earlier.reordered, this.malformed - earlier.malformed,
				this.misrouted - earlier.misrouted);
	}

}
