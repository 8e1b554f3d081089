package io.ssegate.bench.load;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One subscriber of the load tool, as a browser's {@code EventSource}: its task, its
 * connection, where it stands, and what it received. Owned by the {@link StreamClient}'s
 * loop thread.
 */
final class Subscriber {

	final int index;

	final int task;

	final String taskId;

	final SequenceLedger ledger = new SequenceLedger();

	final SseParser parser;

	final HttpResponseReader response;

	final TcpConnection connection = new TcpConnection();

	/** The endpoint it connects to next, or is connected to. */
	int endpoint;

	State state = State.IDLE;

	/** What is left to write of the request. */
	@Nullable ByteBuffer pendingRequest;

	/** Whether the subscriber stopped reading, to play a slow client. */
	boolean paused;

	/** Whether its deliveries are left out of the figures (paused subscribers). */
	boolean excluded;

	/** Which latency histogram its deliveries go to. */
	int latencyGroup;

	/** When it last opened (its response head arrived), or 0. */
	long openedAtNanos;

	/** When it lost an open stream and has not been open for good since, or 0. */
	long lostAtNanos;

	/** How long it went without an open stream, at most, since it first opened. */
	long longestOutageNanos;

	/** How many times it lost an open stream. */
	int outages;

	/** Connects that failed in a row. */
	int failedAttempts;

	/**
	 * A stream that ends sooner than this after its response head was an answer that only
	 * said when to come back (a node draining, full or busy): its client's outage goes
	 * on.
	 */
	static final long SHORTEST_OPEN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	Subscriber(int index, int task, String taskId, int endpoint, EventListener listener) {
		this.index = index;
		this.task = task;
		this.taskId = taskId;
		this.endpoint = endpoint;
		this.parser = new SseParser((data, length) -> listener.onEvent(this, data, length));
		this.response = new HttpResponseReader(this.parser);
	}

	/**
	 * Count the subscribers whose stream is open.
	 * @param subscribers the subscribers
	 * @return how many are open
	 */
	static int countOpen(List<Subscriber> subscribers) {
		int count = 0;
		for (Subscriber subscriber : subscribers) {
			count += (subscriber.state == State.OPEN) ? 1 : 0;
		}
		return count;
	}

	/**
	 * Its open stream ends now: if that stream lasted, the outage before it (if any)
	 * ended when it opened, and a new one begins; if it did not, it was an answer that
	 * only said when to come back, and the outage before it goes on.
	 * @param nowNanos now
	 */
	void streamEnded(long nowNanos) {
		if (this.lostAtNanos != 0 && nowNanos - this.openedAtNanos < SHORTEST_OPEN_NANOS) {
			return;
		}
		endOutage(nowNanos);
		this.lostAtNanos = nowNanos;
		this.outages++;
	}

	/**
	 * End its outage, if any, at its last open, if it is open and that open has lasted.
	 * @param nowNanos now
	 */
	void endOutage(long nowNanos) {
		if (this.lostAtNanos != 0 && this.state == State.OPEN && nowNanos - this.openedAtNanos >= SHORTEST_OPEN_NANOS) {
			this.longestOutageNanos = Math.max(this.longestOutageNanos, this.openedAtNanos - this.lostAtNanos);
			this.lostAtNanos = 0;
		}
	}

	/**
	 * Stop reading, as a client that hangs would, and leave its deliveries out of the
	 * figures.
	 */
	void pause() {
		this.paused = true;
		this.excluded = true;
		if (this.connection.isRegistered() && this.pendingRequest == null) {
			this.connection.interestOps(0);
		}
	}

	/**
	 * Close the connection, if any, with what was left to write.
	 */
	void disconnect() {
		this.connection.close();
		this.pendingRequest = null;
	}

	/**
	 * Receives the events of a subscriber.
	 */
	@FunctionalInterface
	interface EventListener {

		/**
		 * An event; the bytes are only valid during the call.
		 * @param subscriber the subscriber
		 * @param data the event's data
		 * @param length its length
		 */
		void onEvent(Subscriber subscriber, byte[] data, int length);

	}

	enum State {

		/** Not connected, nor waiting to. */
		IDLE,

		/** Waiting for a connect slot. */
		QUEUED,

		/** TCP connect or request in progress, response head not read yet. */
		CONNECTING,

		/** Response head read with status 200: events flow. */
		OPEN,

		/** Closed for good. */
		CLOSED

	}

}
