package io.ssegate.gateway.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ssegate.protocol.EventId;

/**
 * The SSE id of an event on a stream of several tasks, version 1: every task's last event
 * id in one string, so that the {@code Last-Event-ID} a browser sends when it reconnects
 * restores the position of each task. <pre>
 * m1{.&lt;task hash&gt;&lt;millis&gt;[-&lt;sequence&gt;]}
 * </pre> One entry per task that has delivered an event: the task's hash (the first 36
 * bits of the SHA-256 of its id, 6 characters of base64url), then its last event id's
 * parts in base 36 ({@code -<sequence>} only when not 0). An id names no task and grants
 * nothing: a stream follows the tasks of its URL, and finds each one's entry by its task
 * hash; entries of other tasks are ignored.
 */
final class MultiTaskEventId {

	/**
	 * The prefix, which names the version and sets the id apart from a task's own ids.
	 */
	static final String PREFIX = "m1";

	/**
	 * The longest id accepted: far more than {@value StreamProperties#MAX_TASKS_LIMIT}
	 * entries of at most {@value #MAX_ENTRY_LENGTH} characters take.
	 */
	static final int MAX_LENGTH = 4096;

	/**
	 * The longest entry: a dot, a task hash, two parts of a 64-bit id in base 36 and a
	 * dash.
	 */
	static final int MAX_ENTRY_LENGTH = 34;

	private static final int TAG_LENGTH = 6;

	private static final Pattern ENTRY = Pattern.compile("\\.([A-Za-z0-9_-]{6})([0-9a-z]{1,13})(?:-([0-9a-z]{1,13}))?");

	private MultiTaskEventId() {
	}

	/**
	 * Whether a client's last event id is one of a stream of several tasks.
	 * @param text the id
	 * @return {@code true} if it has this format's prefix
	 */
	static boolean isMultiTask(String text) {
		return text.startsWith(PREFIX);
	}

	/**
	 * The hash of a task in the entries of an id.
	 * @param taskId the task
	 * @return 6 characters of base64url
	 */
	static String taskHash(String taskId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(taskId.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, TAG_LENGTH);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/**
	 * One task's entry.
	 * @param taskHash the task's hash
	 * @param id the task's last event id
	 * @return the entry, starting with its dot
	 */
	static String entry(String taskHash, EventId id) {
		return new String(entryBytes(taskHash.getBytes(StandardCharsets.US_ASCII), id), StandardCharsets.US_ASCII);
	}

	/**
	 * One task's entry, as the bytes a stream writes.
	 * @param taskHash the task's hash, in ASCII
	 * @param id the task's last event id
	 * @return the entry, starting with its dot
	 */
	static byte[] entryBytes(byte[] taskHash, EventId id) {
		int millisDigits = base36Digits(id.millis());
		int length = 1 + taskHash.length + millisDigits + ((id.sequence() != 0) ? 1 + base36Digits(id.sequence()) : 0);
		byte[] entry = new byte[length];
		entry[0] = '.';
		System.arraycopy(taskHash, 0, entry, 1, taskHash.length);
		writeBase36(id.millis(), entry, 1 + taskHash.length + millisDigits);
		if (id.sequence() != 0) {
			entry[1 + taskHash.length + millisDigits] = '-';
			writeBase36(id.sequence(), entry, length);
		}
		return entry;
	}

	private static int base36Digits(long value) {
		int digits = 1;
		for (long rest = Long.divideUnsigned(value, 36); rest != 0; rest = Long.divideUnsigned(rest, 36)) {
			digits++;
		}
		return digits;
	}

	/**
	 * Write a value's base-36 digits so that the last one lands just before {@code end}.
	 */
	private static void writeBase36(long value, byte[] into, int end) {
		long rest = value;
		int at = end;
		do {
			into[--at] = (byte) Character.forDigit((int) Long.remainderUnsigned(rest, 36), 36);
			rest = Long.divideUnsigned(rest, 36);
		}
		while (rest != 0);
	}

	/**
	 * Read the entries of an id.
	 * @param text the id
	 * @return each entry's event id, by task hash
	 * @throws IllegalArgumentException if the text is not an id of this format, or names
	 * a task hash twice
	 */
	static Map<String, EventId> parse(String text) {
		if (!isMultiTask(text) || text.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("Not an id of a stream of several tasks");
		}
		Map<String, EventId> entries = new HashMap<>();
		Matcher matcher = ENTRY.matcher(text);
		int at = PREFIX.length();
		while (at < text.length()) {
			matcher.region(at, text.length());
			if (!matcher.lookingAt()) {
				throw new IllegalArgumentException("Malformed entry at index " + at);
			}
			EventId id = new EventId(parseLong(matcher.group(2)),
					(matcher.group(3) != null) ? parseLong(matcher.group(3)) : 0);
			if (entries.put(matcher.group(1), id) != null) {
				throw new IllegalArgumentException("A task's entry appears twice");
			}
			at = matcher.end();
		}
		return entries;
	}

	private static long parseLong(String base36) {
		try {
			return Long.parseLong(base36, 36);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Event id out of range", ex);
		}
	}

}
