package io.ssegate.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Parses a {@code text/event-stream} body as it arrives, following the HTML event stream
 * rules: lines end with CR, LF or CRLF; {@code data:} lines of one event are joined with
 * LF; a blank line dispatches the event; the last {@code id:} is kept across events (and
 * across reconnects, as {@code EventSource} does). Not thread-safe.
 */
final class SseParser implements HttpResponseReader.BodySink {

	private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] RETRY = "retry".getBytes(StandardCharsets.US_ASCII);

	private final Listener listener;

	private byte[] line = new byte[256];

	private int lineLength;

	private boolean skipLineFeed;

	private byte[] data = new byte[256];

	private int dataLength;

	private boolean hasData;

	private byte[] eventName = new byte[32];

	private int eventNameLength;

	private byte[] lastId = new byte[32];

	private int lastIdLength;

	private long comments;

	private long retryMillis = -1;

	SseParser(Listener listener) {
		this.listener = listener;
	}

	@Override
	public void accept(byte[] bytes, int offset, int length) {
		int position = offset;
		int end = offset + length;
		while (position < end) {
			byte first = bytes[position];
			if (first == '\n' || first == '\r') {
				boolean lineFeedAfterReturn = first == '\n' && this.skipLineFeed;
				this.skipLineFeed = first == '\r';
				position++;
				if (!lineFeedAfterReturn) {
					endLine();
				}
				continue;
			}
			this.skipLineFeed = false;
			int lineEnd = position;
			while (lineEnd < end && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
				lineEnd++;
			}
			appendToLine(bytes, position, lineEnd - position);
			position = lineEnd;
		}
	}

	private void appendToLine(byte[] bytes, int offset, int length) {
		if (this.lineLength + length > this.line.length) {
			this.line = Arrays.copyOf(this.line, Math.max(this.line.length * 2, this.lineLength + length));
		}
		System.arraycopy(bytes, offset, this.line, this.lineLength, length);
		this.lineLength += length;
	}

	private void endLine() {
		int length = this.lineLength;
		this.lineLength = 0;
		if (length == 0) {
			dispatch();
			return;
		}
		if (this.line[0] == ':') {
			this.comments++;
			return;
		}
		int colon = indexOfColon(length);
		int nameLength = (colon >= 0) ? colon : length;
		int valueStart = (colon >= 0) ? colon + 1 : length;
		if (valueStart < length && this.line[valueStart] == ' ') {
			valueStart++;
		}
		int valueLength = length - valueStart;
		if (isField(DATA, nameLength)) {
			appendData(valueStart, valueLength);
		}
		else if (isField(ID, nameLength)) {
			this.lastId = copy(this.lastId, valueStart, valueLength);
			this.lastIdLength = valueLength;
		}
		else if (isField(EVENT, nameLength)) {
			this.eventName = copy(this.eventName, valueStart, valueLength);
			this.eventNameLength = valueLength;
		}
		else if (isField(RETRY, nameLength)) {
			setRetry(valueStart, valueLength);
		}
	}

	/**
	 * A {@code retry:} of ASCII digits sets the reconnection time; any other value is
	 * ignored, as the HTML standard says.
	 */
	private void setRetry(int valueStart, int valueLength) {
		if (valueLength == 0 || valueLength > 18) {
			return;
		}
		long millis = 0;
		for (int i = valueStart; i < valueStart + valueLength; i++) {
			byte digit = this.line[i];
			if (digit < '0' || digit > '9') {
				return;
			}
			millis = millis * 10 + (digit - '0');
		}
		this.retryMillis = millis;
	}

	private int indexOfColon(int length) {
		for (int i = 0; i < length; i++) {
			if (this.line[i] == ':') {
				return i;
			}
		}
		return -1;
	}

	private boolean isField(byte[] name, int nameLength) {
		return nameLength == name.length && Arrays.equals(this.line, 0, nameLength, name, 0, nameLength);
	}

	private void appendData(int valueStart, int valueLength) {
		int needed = this.dataLength + valueLength + 1;
		if (needed > this.data.length) {
			this.data = Arrays.copyOf(this.data, Math.max(this.data.length * 2, needed));
		}
		if (this.hasData) {
			this.data[this.dataLength++] = '\n';
		}
		System.arraycopy(this.line, valueStart, this.data, this.dataLength, valueLength);
		this.dataLength += valueLength;
		this.hasData = true;
	}

	private byte[] copy(byte[] target, int valueStart, int valueLength) {
		byte[] result = (target.length >= valueLength) ? target : new byte[valueLength];
		System.arraycopy(this.line, valueStart, result, 0, valueLength);
		return result;
	}

	private void dispatch() {
		if (this.hasData) {
			this.listener.onEvent(this.data, this.dataLength);
		}
		this.hasData = false;
		this.dataLength = 0;
		this.eventNameLength = 0;
	}

	/**
	 * The last event id received, which a reconnect sends as {@code Last-Event-ID}.
	 * @return the id, or {@code null} if none was received
	 */
	@Nullable String lastEventId() {
		return (this.lastIdLength > 0) ? new String(this.lastId, 0, this.lastIdLength, StandardCharsets.UTF_8) : null;
	}

	/**
	 * The name of the event being read ({@code event:}), valid during
	 * {@link Listener#onEvent}.
	 * @return the name, or the empty string for the default event
	 */
	String eventName() {
		return new String(this.eventName, 0, this.eventNameLength, StandardCharsets.UTF_8);
	}

	/**
	 * The reconnection time the server last set with {@code retry:}, kept across
	 * connections as {@code EventSource} keeps it.
	 * @return the milliseconds, or -1 if none was received
	 */
	long retryMillis() {
		return this.retryMillis;
	}

	/**
	 * Comment lines seen, heartbeats included.
	 * @return the count
	 */
	long comments() {
		return this.comments;
	}

	/**
	 * Forget a partly read event, as a new connection starts; keeps the last event id.
	 */
	void resetForNewConnection() {
		this.lineLength = 0;
		this.skipLineFeed = false;
		this.dataLength = 0;
		this.hasData = false;
		this.eventNameLength = 0;
	}

	/**
	 * Receives dispatched events.
	 */
	@FunctionalInterface
	interface Listener {

		/**
		 * An event with data; the bytes are only valid during the call.
		 * @param data the data, lines joined with LF
		 * @param length its length
		 */
		void onEvent(byte[] data, int length);

	}

}
