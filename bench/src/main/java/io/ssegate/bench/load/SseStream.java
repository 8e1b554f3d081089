package io.ssegate.bench.load;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * One SSE stream of the load tool: its task, its connection, and what it received. Owned
 * by the {@link StreamClient}'s thread.
 */
final class SseStream {

	final int index;

	final int task;

	final String taskId;

	final SequenceLedger ledger = new SequenceLedger();

	final SseParser parser;

	final HttpResponseReader response;

	int endpoint;

	State state = State.IDLE;

	@Nullable SocketChannel channel;

	@Nullable SelectionKey key;

	@Nullable ByteBuffer pendingRequest;

	/** Whether the stream stopped reading, to play a slow client. */
	boolean paused;

	/** Whether its deliveries are left out of the figures (paused streams). */
	boolean excluded;

	/** Which latency histogram its deliveries go to. */
	int latencyGroup;

	/** When the stream last opened (its response head arrived), or 0. */
	long openedAtNanos;

	/** When it last lost its connection, or 0. */
	long disconnectedAtNanos;

	int reconnects;

	int failedAttempts;

	SseStream(int index, int task, String taskId, int endpoint, EventListener listener) {
		this.index = index;
		this.task = task;
		this.taskId = taskId;
		this.endpoint = endpoint;
		this.parser = new SseParser((data, length) -> listener.onEvent(this, data, length));
		this.response = new HttpResponseReader(this.parser);
	}

	/**
	 * Receives the events of a stream.
	 */
	@FunctionalInterface
	interface EventListener {

		/**
		 * An event; the bytes are only valid during the call.
		 * @param stream the stream
		 * @param data the event's data
		 * @param length its length
		 */
		void onEvent(SseStream stream, byte[] data, int length);

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
