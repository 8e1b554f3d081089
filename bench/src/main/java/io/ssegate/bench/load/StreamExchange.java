package io.ssegate.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 side of a subscriber's connection: writes its {@code GET} (with
 * {@code Last-Event-ID} on a reconnect), reads the response into its parser, hands its
 * events to the {@link StreamCounters}, and tells a {@link Listener} when the response
 * head arrived and when the response ended. Runs on the loop's thread.
 */
final class StreamExchange implements Subscriber.EventListener {

	private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

	private final StreamCounters counters;

	private final Listener listener;

	private long readAtNanos;

	StreamExchange(StreamCounters counters, Listener listener) {
		this.counters = counters;
		this.listener = listener;
	}

	/**
	 * Make a subscriber ready for a new connection: a new response, and the request.
	 * @param subscriber the subscriber
	 * @param endpoint where it connects
	 */
	void begin(Subscriber subscriber, Endpoint endpoint) {
		subscriber.response.reset();
		subscriber.parser.resetForNewConnection();
		subscriber.pendingRequest = request(subscriber, endpoint);
	}

	/**
	 * Write what is left of the request; once it is written, read (unless paused).
	 * @param subscriber the subscriber
	 * @throws IOException if the connection failed
	 */
	void writeRequest(Subscriber subscriber) throws IOException {
		ByteBuffer request = subscriber.pendingRequest;
		TcpConnection connection = subscriber.connection;
		if (request == null || !connection.isRegistered()) {
			return;
		}
		connection.write(request);
		if (request.hasRemaining()) {
			connection.interestOps(SelectionKey.OP_WRITE);
			return;
		}
		subscriber.pendingRequest = null;
		connection.interestOps(subscriber.paused ? 0 : SelectionKey.OP_READ);
	}

	/**
	 * Read what arrived.
	 * @param subscriber the subscriber
	 * @throws IOException if the connection failed
	 */
	void read(Subscriber subscriber) throws IOException {
		this.readBuffer.clear();
		int count = subscriber.connection.read(this.readBuffer);
		if (count < 0) {
			this.listener.onEnd(subscriber);
			return;
		}
		if (count == 0) {
			return;
		}
		this.readAtNanos = System.nanoTime();
		HttpResponseReader response = subscriber.response;
		boolean wasHeadComplete = response.isHeadComplete();
		try {
			response.read(this.readBuffer.array(), 0, count);
		}
		catch (RuntimeException ex) {
			this.counters.malformed();
			this.listener.onEnd(subscriber);
			return;
		}
		if (!wasHeadComplete && response.isHeadComplete()) {
			this.listener.onHead(subscriber, response.status(), this.readAtNanos);
		}
		// Unless the head's listener closed the connection already.
		if (response.isComplete() && subscriber.connection.isOpen()) {
			this.listener.onEnd(subscriber);
		}
	}

	@Override
	public void onEvent(Subscriber subscriber, byte[] data, int length) {
		this.counters.event(subscriber, data, length, this.readAtNanos);
	}

	private static ByteBuffer request(Subscriber subscriber, Endpoint endpoint) {
		StringBuilder request = new StringBuilder(256).append("GET ")
			.append(endpoint.target(subscriber.taskId))
			.append(" HTTP/1.1\r\nHost: ")
			.append(endpoint.hostHeader())
			.append("\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n");
		String lastEventId = subscriber.parser.lastEventId();
		if (lastEventId != null) {
			request.append("Last-Event-ID: ").append(lastEventId).append("\r\n");
		}
		return ByteBuffer.wrap(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Hears how a subscriber's response goes.
	 */
	interface Listener {

		/**
		 * The response head arrived.
		 * @param subscriber the subscriber
		 * @param status its status
		 * @param readAtNanos when it was read
		 */
		void onHead(Subscriber subscriber, int status, long readAtNanos);

		/**
		 * The connection ended, or the response did, or it was not HTTP/1.1.
		 * @param subscriber the subscriber
		 */
		void onEnd(Subscriber subscriber);

	}

}
