package io.ssegate.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response from a connection's bytes as they arrive: the head, then a
 * chunked, fixed-length or close-delimited body, handed to a {@link BodySink} without
 * copying. Not thread-safe; {@link #reset()} makes it ready for the next response on a
 * kept-alive connection.
 */
final class HttpResponseReader {

	private final BodySink body;

	private final ByteLine line = new ByteLine(256);

	private State state = State.STATUS_LINE;

	private int status = -1;

	private boolean chunked;

	private boolean closeAfter;

	private long remaining = -1;

	HttpResponseReader(BodySink body) {
		this.body = body;
	}

	/**
	 * Read bytes of the response.
	 * @param bytes the buffer
	 * @param offset where the bytes start
	 * @param length how many bytes
	 * @return how many bytes belong to this response; fewer than {@code length} only when
	 * it is {@link #isComplete() complete}
	 * @throws IllegalStateException if the bytes are not an HTTP/1.1 response
	 */
	int read(byte[] bytes, int offset, int length) {
		int position = offset;
		int end = offset + length;
		while (position < end && this.state != State.DONE) {
			position = switch (this.state) {
				case STATUS_LINE, HEADER, CHUNK_SIZE, CHUNK_END, TRAILER -> readLine(bytes, position, end);
				case CHUNK_DATA, FIXED -> readCounted(bytes, position, end);
				case UNTIL_CLOSE -> readAll(bytes, position, end);
				case DONE -> position;
			};
		}
		return position - offset;
	}

	private int readLine(byte[] bytes, int position, int end) {
		int next = this.line.append(bytes, position, end);
		if (this.line.isComplete()) {
			String text = this.line.text();
			this.line.clear();
			onLine(text);
		}
		return next;
	}

	private int readCounted(byte[] bytes, int position, int end) {
		int count = (int) Math.min(this.remaining, end - position);
		this.body.accept(bytes, position, count);
		this.remaining -= count;
		if (this.remaining == 0) {
			this.state = (this.state == State.FIXED) ? State.DONE : State.CHUNK_END;
		}
		return position + count;
	}

	private int readAll(byte[] bytes, int position, int end) {
		this.body.accept(bytes, position, end - position);
		return end;
	}

	private void onLine(String text) {
		switch (this.state) {
			case STATUS_LINE -> onStatusLine(text);
			case HEADER -> onHeader(text);
			case CHUNK_SIZE -> onChunkSize(text);
			case CHUNK_END -> this.state = State.CHUNK_SIZE;
			case TRAILER -> this.state = text.isEmpty() ? State.DONE : State.TRAILER;
			default -> throw new IllegalStateException("Not reading a line in state " + this.state);
		}
	}

	private void onStatusLine(String text) {
		if (!text.startsWith("HTTP/1.") || text.length() < 12) {
			throw new IllegalStateException("Not an HTTP/1.x status line: " + text);
		}
		this.status = Integer.parseInt(text.substring(9, 12));
		this.state = State.HEADER;
	}

	private void onHeader(String text) {
		if (text.isEmpty()) {
			this.state = bodyState();
			return;
		}
		int colon = text.indexOf(':');
		if (colon < 0) {
			return;
		}
		String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
		String value = text.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
		switch (name) {
			case "transfer-encoding" -> this.chunked = value.contains("chunked");
			case "content-length" -> this.remaining = Long.parseLong(value);
			case "connection" -> this.closeAfter = value.contains("close");
			default -> {
			}
		}
	}

	private State bodyState() {
		if (this.status == 204 || this.status == 304 || (this.status >= 100 && this.status < 200)) {
			return State.DONE;
		}
		if (this.chunked) {
			return State.CHUNK_SIZE;
		}
		if (this.remaining >= 0) {
			return (this.remaining == 0) ? State.DONE : State.FIXED;
		}
		return State.UNTIL_CLOSE;
	}

	private void onChunkSize(String text) {
		int extension = text.indexOf(';');
		String size = ((extension >= 0) ? text.substring(0, extension) : text).trim();
		this.remaining = Long.parseLong(size, 16);
		this.state = (this.remaining == 0) ? State.TRAILER : State.CHUNK_DATA;
	}

	/**
	 * The status code, once the status line is read.
	 * @return the status, or -1
	 */
	int status() {
		return this.status;
	}

	/**
	 * Whether the head has been read completely.
	 * @return {@code true} once the body began
	 */
	boolean isHeadComplete() {
		return this.state != State.STATUS_LINE && this.state != State.HEADER;
	}

	/**
	 * Whether the whole response has been read.
	 * @return {@code true} after the last body byte
	 */
	boolean isComplete() {
		return this.state == State.DONE;
	}

	/**
	 * Whether the server closes the connection after this response.
	 * @return {@code true} for {@code Connection: close} or a close-delimited body
	 */
	boolean closesConnection() {
		return this.closeAfter || this.state == State.UNTIL_CLOSE;
	}

	/**
	 * Get ready for the next response.
	 */
	void reset() {
		this.line.clear();
		this.state = State.STATUS_LINE;
		this.status = -1;
		this.chunked = false;
		this.closeAfter = false;
		this.remaining = -1;
	}

	/**
	 * Receives the body's bytes, decoded from the transfer encoding.
	 */
	@FunctionalInterface
	interface BodySink {

		/**
		 * Some bytes of the body; only valid during the call.
		 * @param bytes the buffer
		 * @param offset where the bytes start
		 * @param length how many bytes
		 */
		void accept(byte[] bytes, int offset, int length);

	}

	private enum State {

		STATUS_LINE, HEADER, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, FIXED, UNTIL_CLOSE, DONE

	}

	/**
	 * A line of the head or of the chunk framing, without its CRLF.
	 */
	private static final class ByteLine {

		private byte[] bytes;

		private int length;

		private boolean complete;

		ByteLine(int capacity) {
			this.bytes = new byte[capacity];
		}

		int append(byte[] source, int position, int end) {
			for (int i = position; i < end; i++) {
				if (source[i] == '\n') {
					this.complete = true;
					return i + 1;
				}
				if (source[i] != '\r') {
					add(source[i]);
				}
			}
			return end;
		}

		private void add(byte value) {
			if (this.length == this.bytes.length) {
				if (this.length >= 64 * 1024) {
					throw new IllegalStateException("HTTP head line longer than 64 KiB");
				}
				this.bytes = Arrays.copyOf(this.bytes, this.length * 2);
			}
			this.bytes[this.length++] = value;
		}

		boolean isComplete() {
			return this.complete;
		}

		String text() {
			return new String(this.bytes, 0, this.length, StandardCharsets.ISO_8859_1);
		}

		void clear() {
			this.length = 0;
			this.complete = false;
		}

	}

}
