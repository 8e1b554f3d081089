package io.ssegate.gateway.event;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

import io.ssegate.protocol.EventId;
import org.jspecify.annotations.Nullable;

/**
 * One or more complete Server-Sent Events frames, each ending with a blank line, encoded
 * to UTF-8 once, however many streams they are written to. Built only through the
 * factories, which never let CR or LF escape into a field.
 */
public final class SseFrame {

	private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

	/** A comment that keeps idle connections (and the proxies between) alive. */
	public static final SseFrame HEARTBEAT = comment("heartbeat");

	private static final byte[] ID_FIELD = "id: ".getBytes(StandardCharsets.US_ASCII);

	/**
	 * An event frame.
	 * @param id the {@code id:} field
	 * @param name the {@code event:} field, or {@code null} for the default event
	 * @param data the data; each of its lines becomes a {@code data:} line
	 * @return the frame
	 * @throws IllegalArgumentException if the id or name holds a line break
	 */
	public static SseFrame event(String id, @Nullable String name, String data) {
		StringBuilder text = new StringBuilder(data.length() + 64);
		text.append("id: ").append(singleLine("id", id)).append('\n');
		if (name != null) {
			text.append("event: ").append(singleLine("event name", name)).append('\n');
		}
		if (data.indexOf('\n') < 0 && data.indexOf('\r') < 0) {
			text.append("data: ").append(data).append('\n');
		}
		else {
			for (String line : LINE_BREAK.split(data, -1)) {
				text.append("data: ").append(line).append('\n');
			}
		}
		return new SseFrame(text.append('\n').toString());
	}

	/**
	 * An event frame without an id, so it does not move the client's
	 * {@code Last-Event-ID}.
	 * @param name the {@code event:} field
	 * @param data the data, one line
	 * @return the frame
	 */
	public static SseFrame signal(String name, String data) {
		return new SseFrame(
				"event: " + singleLine("event name", name) + "\ndata: " + singleLine("data", data) + "\n\n");
	}

	/**
	 * A comment frame, which clients ignore.
	 * @param comment the comment
	 * @return the frame
	 * @throws IllegalArgumentException if the comment holds a line break
	 */
	public static SseFrame comment(String comment) {
		return new SseFrame(": " + singleLine("comment", comment) + "\n\n");
	}

	/**
	 * The frame that opens every stream: the reconnection delay, and a comment so that
	 * the response is flushed at once.
	 * @param reconnectDelay the delay clients wait before reconnecting
	 * @return the frame
	 */
	public static SseFrame open(Duration reconnectDelay) {
		return new SseFrame("retry: " + reconnectDelay.toMillis() + "\n: connected\n\n");
	}

	/**
	 * A frame that only changes the client's reconnection delay.
	 * @param reconnectDelay the delay
	 * @return the frame
	 */
	public static SseFrame retry(Duration reconnectDelay) {
		return new SseFrame("retry: " + reconnectDelay.toMillis() + "\n\n");
	}

	/**
	 * The gap signal of a stream of one task: an id-less {@code gap} event telling the
	 * page that events were lost.
	 * @param after the id the reader resumed after
	 * @return the frame
	 */
	public static SseFrame gap(EventId after) {
		return signal("gap", "{\"after\":\"" + after + "\"}");
	}

	/**
	 * The gap signal of one task on a stream of several: as {@link #gap(EventId)}, with
	 * the task id.
	 * @param after the id the reader resumed after
	 * @param taskId the task whose events were lost
	 * @return the frame
	 */
	public static SseFrame gap(EventId after, String taskId) {
		return signal("gap", "{\"after\":\"" + after + "\",\"taskId\":\"" + taskId + "\"}");
	}

	/**
	 * An event's lines on a stream of several tasks, but its id: its name, and its data
	 * wrapped with its task id, {@code {"taskId":"<taskId>","data":<data>}}, on one
	 * {@code data:} line (JSON holds no line break).
	 * @param name the event name, or {@code null}
	 * @param taskId the task
	 * @param dataJson the data, as JSON
	 * @return the UTF-8 bytes, each line ending with a line feed
	 */
	public static byte[] multiTaskLines(@Nullable String name, String taskId, String dataJson) {
		String event = (name != null) ? "event: " + name + "\n" : "";
		return (event + "data: {\"taskId\":\"" + taskId + "\",\"data\":" + dataJson + "}\n")
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * An event of a stream of several tasks: {@code id: <idStart><idParts>}, a line feed,
	 * the event's lines ({@link #multiTaskLines}) and the blank line's line feed, in one
	 * array of the exact size.
	 * @param idStart the id's start, in ASCII
	 * @param idParts the rest of the id, in parts, in ASCII
	 * @param idPartsLength the length of all parts
	 * @param lines the event's lines
	 * @return the frame
	 */
	public static SseFrame multiTaskEvent(byte[] idStart, byte[][] idParts, int idPartsLength, byte[] lines) {
		byte[] frame = new byte[ID_FIELD.length + idStart.length + idPartsLength + 1 + lines.length + 1];
		System.arraycopy(ID_FIELD, 0, frame, 0, ID_FIELD.length);
		int at = ID_FIELD.length;
		System.arraycopy(idStart, 0, frame, at, idStart.length);
		at += idStart.length;
		for (byte[] part : idParts) {
			System.arraycopy(part, 0, frame, at, part.length);
			at += part.length;
		}
		frame[at++] = '\n';
		System.arraycopy(lines, 0, frame, at, lines.length);
		frame[frame.length - 1] = '\n';
		return new SseFrame(frame);
	}

	private final byte[] bytes;

	/** Decoded on first use: the writer needs only the bytes. */
	private @Nullable String text;

	private SseFrame(String text) {
		this.text = text;
		this.bytes = text.getBytes(StandardCharsets.UTF_8);
	}

	private SseFrame(byte[] bytes) {
		this.bytes = bytes;
	}

	/**
	 * The wire text.
	 * @return the text
	 */
	public String text() {
		String decoded = this.text;
		if (decoded == null) {
			decoded = new String(this.bytes, StandardCharsets.UTF_8);
			this.text = decoded;
		}
		return decoded;
	}

	/**
	 * The wire bytes, shared by every stream the frame is written to: never modify them.
	 * @return the UTF-8 bytes
	 */
	public byte[] bytes() {
		return this.bytes;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SseFrame frame && text().equals(frame.text());
	}

	@Override
	public int hashCode() {
		return text().hashCode();
	}

	@Override
	public String toString() {
		return text();
	}

	private static String singleLine(String field, String value) {
		if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
			throw new IllegalArgumentException("SSE " + field + " must not contain CR or LF");
		}
		return value;
	}

}
