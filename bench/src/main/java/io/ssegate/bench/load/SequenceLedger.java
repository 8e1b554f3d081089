package io.ssegate.bench.load;

import java.util.BitSet;

/**
 * What one stream received of its task's events, by sequence number: first deliveries,
 * duplicates, and reorderings (an event that arrives after a later one of the same task).
 * Loss is what the publisher stored minus the first deliveries. Not thread-safe.
 */
final class SequenceLedger {

	private final BitSet seen = new BitSet();

	private long highest = -1;

	private long unique;

	private long duplicates;

	private long reordered;

	/**
	 * Record a delivery.
	 * @param sequence the event's sequence number
	 * @return {@code true} for the first delivery of that event
	 * @throws IllegalArgumentException if the sequence number is out of range
	 */
	boolean record(long sequence) {
		if (sequence < 0 || sequence >= Integer.MAX_VALUE) {
			throw new IllegalArgumentException("Sequence number out of range: " + sequence);
		}
		int index = (int) sequence;
		if (this.seen.get(index)) {
			this.duplicates++;
			return false;
		}
		this.seen.set(index);
		this.unique++;
		if (sequence < this.highest) {
			this.reordered++;
		}
		else {
			this.highest = sequence;
		}
		return true;
	}

	/**
	 * Events of the task not received, out of those the publisher stored.
	 * @param published how many events of the task the publisher stored
	 * @return the number missing
	 */
	long missing(long published) {
		return Math.max(0, published - this.unique);
	}

	long unique() {
		return this.unique;
	}

	long duplicates() {
		return this.duplicates;
	}

	long reordered() {
		return this.reordered;
	}

}
