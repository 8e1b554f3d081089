package io.ssegate.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jspecify.annotations.Nullable;

/**
 * Publishes over HTTP/1.1 on a few kept-alive connections, on one selector thread. Each
 * task goes to one connection, which has one request in flight at a time, so the events
 * of a task reach the server in order.
 */
final class HttpPublisher implements EventPublisher, SelectorLoop.Handler<HttpPublisher.Connection> {

	private final Endpoint endpoint;

	private final Format format;

	private final SelectorLoop<Connection> loop = new SelectorLoop<>();

	private final Connection[] connections;

	private final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);

	/**
	 * Create a publisher and start its thread.
	 * @param endpoint the publish URL template
	 * @param format the request format
	 * @param connections how many connections to use
	 */
	HttpPublisher(Endpoint endpoint, Format format, int connections) {
		this.endpoint = endpoint;
		this.format = format;
		this.connections = new Connection[connections];
		for (int i = 0; i < connections; i++) {
			this.connections[i] = new Connection();
		}
		this.loop.start("http-publisher", this);
	}

	@Override
	public void publish(int task, String taskId, String payload, Completion done) {
		byte[] request = this.format.request(this.endpoint, taskId, payload);
		this.connections[task % this.connections.length].queue.add(new Request(request, done));
		this.loop.wakeup();
	}

	@Override
	public void close() {
		this.loop.close();
	}

	@Override
	public void beforeSelect() {
		for (Connection connection : this.connections) {
			startNext(connection);
		}
	}

	@Override
	public void afterStop() {
		for (Connection connection : this.connections) {
			fail(connection);
			Request request;
			while ((request = connection.queue.poll()) != null) {
				request.done().completed(false);
			}
		}
	}

	private void startNext(Connection connection) {
		if (connection.inFlight != null || connection.queue.isEmpty()) {
			return;
		}
		try {
			if (!connection.socket.isOpen()) {
				connection.socket.connect(this.loop, this.endpoint.address(), SelectionKey.OP_READ, connection);
			}
			Request request = connection.queue.poll();
			connection.inFlight = request;
			connection.out = ByteBuffer.wrap(request.bytes());
			connection.response.reset();
			if (connection.socket.isConnected()) {
				write(connection);
			}
		}
		catch (IOException ex) {
			fail(connection);
		}
	}

	@Override
	public void onConnectable(Connection connection) throws IOException {
		if (connection.socket.finishConnect()) {
			connection.socket.interestOps(SelectionKey.OP_READ);
			write(connection);
		}
	}

	@Override
	public void onWritable(Connection connection) throws IOException {
		write(connection);
	}

	private void write(Connection connection) throws IOException {
		ByteBuffer out = connection.out;
		TcpConnection socket = connection.socket;
		if (out == null || !socket.isRegistered()) {
			return;
		}
		socket.write(out);
		socket.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
		if (!out.hasRemaining()) {
			connection.out = null;
		}
	}

	/**
	 * Read the response; once it is complete, the request is done and the next one
	 * starts. A response that is not HTTP/1.1 throws an {@link IllegalStateException}.
	 */
	@Override
	public void onReadable(Connection connection) throws IOException {
		this.readBuffer.clear();
		int count = connection.socket.read(this.readBuffer);
		if (count < 0) {
			fail(connection);
			return;
		}
		HttpResponseReader response = connection.response;
		response.read(this.readBuffer.array(), 0, count);
		if (!response.isComplete()) {
			return;
		}
		Request request = connection.inFlight;
		connection.inFlight = null;
		if (request != null) {
			int status = response.status();
			request.done().completed(status >= 200 && status < 300);
		}
		if (response.closesConnection()) {
			connection.disconnect();
		}
		startNext(connection);
	}

	@Override
	public void onFailure(Connection connection) {
		fail(connection);
	}

	/**
	 * The connection broke: the request in flight fails (it may or may not have been
	 * stored; retrying could deliver it twice), the next one goes on a new connection.
	 */
	private void fail(Connection connection) {
		Request request = connection.inFlight;
		connection.inFlight = null;
		connection.disconnect();
		if (request != null) {
			request.done().completed(false);
		}
	}

	/**
	 * How a publish request looks for the system under test.
	 */
	enum Format {

		/**
		 * ssegate's publish API (and the naive service's):
		 * {@code {"event":"e","data":"<payload>"}}.
		 */
		JSON {

			@Override
			String headers() {
				return "Content-Type: application/json\r\n";
			}

			@Override
			String body(String payload) {
				return "{\"event\":\"e\",\"data\":\"" + payload + "\"}";
			}

		},

		/**
		 * Nchan's publisher location: the payload as the body, the event name in
		 * {@code X-EventSource-Event}.
		 */
		TEXT {

			@Override
			String headers() {
				return "Content-Type: text/plain\r\nX-EventSource-Event: e\r\n";
			}

			@Override
			String body(String payload) {
				return payload;
			}

		};

		/**
		 * The request's own header lines, each ending with CRLF.
		 */
		abstract String headers();

		abstract String body(String payload);

		byte[] request(Endpoint endpoint, String taskId, String payload) {
			byte[] body = body(payload).getBytes(StandardCharsets.UTF_8);
			String head = "POST " + endpoint.target(taskId) + " HTTP/1.1\r\nHost: " + endpoint.hostHeader() + "\r\n"
					+ headers() + "Content-Length: " + body.length + "\r\n\r\n";
			byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
			byte[] request = new byte[headBytes.length + body.length];
			System.arraycopy(headBytes, 0, request, 0, headBytes.length);
			System.arraycopy(body, 0, request, headBytes.length, body.length);
			return request;
		}

	}

	private record Request(byte[] bytes, Completion done) {
	}

	static final class Connection {

		final Queue<Request> queue = new ConcurrentLinkedQueue<>();

		final HttpResponseReader response = new HttpResponseReader((bytes, offset, length) -> {
		});

		final TcpConnection socket = new TcpConnection();

		@Nullable Request inFlight;

		@Nullable ByteBuffer out;

		void disconnect() {
			this.socket.close();
			this.out = null;
		}

	}

}
