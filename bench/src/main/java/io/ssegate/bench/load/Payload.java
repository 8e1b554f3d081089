package io.ssegate.bench.load;

/**
 * The data of a benchmark event: the task's index, the event's sequence number within the
 * task and the time it was scheduled to be sent (nanoseconds on the load tool's clock),
 * as {@code <task>.<sequence>.<nanos>.} padded with {@code x} to a fixed size. Plain
 * ASCII, so it needs no escaping in JSON, SSE or an HTTP body.
 */
final class Payload {

	private int task;

	private long sequence;

	private long scheduledNanos;

	private int position;

	/**
	 * Write a payload.
	 * @param task the task index
	 * @param sequence the sequence number within the task
	 * @param scheduledNanos the scheduled send time
	 * @param size the length to pad to
	 * @return the payload text
	 */
	static String encode(int task, long sequence, long scheduledNanos, int size) {
		StringBuilder text = new StringBuilder(Math.max(size, 48));
		text.append(task).append('.').append(sequence).append('.').append(scheduledNanos).append('.');
		while (text.length() < size) {
			text.append('x');
		}
		return text.toString();
	}

	/**
	 * Read a payload into this holder, which is reused to read the next one.
	 * @param bytes the data
	 * @param length its length
	 * @return {@code false} if the data is not a payload
	 */
	boolean read(byte[] bytes, int length) {
		this.position = 0;
		long taskField = nextField(bytes, length);
		long sequenceField = (taskField >= 0) ? nextField(bytes, length) : -1;
		long nanosField = (sequenceField >= 0) ? nextField(bytes, length) : -1;
		if (nanosField < 0 || taskField > Integer.MAX_VALUE) {
			return false;
		}
		this.task = (int) taskField;
		this.sequence = sequenceField;
		this.scheduledNanos = nanosField;
		return true;
	}

	private long nextField(byte[] bytes, int length) {
		long value = 0;
		int start = this.position;
		while (this.position < length && bytes[this.position] >= '0' && bytes[this.position] <= '9') {
			value = value * 10 + (bytes[this.position] - '0');
			this.position++;
		}
		if (this.position == start || this.position == length || bytes[this.position] != '.'
				|| this.position - start > 18) {
			return -1;
		}
		this.position++;
		return value;
	}

	int task() {
		return this.task;
	}

	long sequence() {
		return this.sequence;
	}

	long scheduledNanos() {
		return this.scheduledNanos;
	}

}
