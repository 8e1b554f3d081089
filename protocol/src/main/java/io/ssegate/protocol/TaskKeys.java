package io.ssegate.protocol;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Names of the Redis keys and the pub/sub channel of a task. Every name carries the task
 * id as a Redis Cluster hash tag ({@code {taskId}}), so all of one task's keys and its
 * channel live on one slot.
 *
 * @param prefix the prefix of every name, for example {@value #DEFAULT_PREFIX}
 */
public record TaskKeys(String prefix) {

	/** The default prefix of key and channel names. */
	public static final String DEFAULT_PREFIX = "ssegate:";

	/** The longest task id accepted. */
	public static final int MAX_TASK_ID_LENGTH = 128;

	private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_TASK_ID_LENGTH + "}");

	private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{0,64}");

	/**
	 * Create the names for a prefix.
	 * @param prefix letters, digits, {@code . _ : -}; at most 64 characters
	 */
	public TaskKeys {
		if (!PREFIX.matcher(prefix).matches()) {
			throw new IllegalArgumentException("Key prefix must match " + PREFIX.pattern());
		}
	}

	/**
	 * Names with the default prefix.
	 * @return the names
	 */
	public static TaskKeys withDefaultPrefix() {
		return new TaskKeys(DEFAULT_PREFIX);
	}

	/**
	 * Whether a text is a valid task id: 1 to {@value #MAX_TASK_ID_LENGTH} letters,
	 * digits, {@code .}, {@code _}, {@code :} or {@code -}.
	 * @param taskId the text to check, may be {@code null}
	 * @return {@code true} if it is a valid task id
	 */
	public static boolean isValidTaskId(String taskId) {
		return taskId != null && TASK_ID.matcher(taskId).matches();
	}

	/**
	 * Check a task id.
	 * @param taskId the task id
	 * @return the same task id
	 * @throws IllegalArgumentException if it is not valid
	 */
	public static String requireValidTaskId(String taskId) {
		if (!isValidTaskId(taskId)) {
			throw new IllegalArgumentException("Task id must match " + TASK_ID.pattern());
		}
		return taskId;
	}

	/**
	 * Check a publisher's idempotency key, which becomes part of a key name.
	 * @param idempotencyKey the key, or {@code null} for none
	 * @throws IllegalArgumentException unless it is {@code null} or 1 to 128 letters,
	 * digits, {@code .}, {@code _}, {@code :} or {@code -}
	 */
	public static void requireValidIdempotencyKey(@Nullable String idempotencyKey) {
		if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
			throw new IllegalArgumentException("Idempotency key must match " + IDEMPOTENCY_KEY.pattern());
		}
	}

	/**
	 * The Redis Stream that holds the task's bounded history.
	 * @param taskId the task id
	 * @return the key
	 */
	public String history(String taskId) {
		return tagged(taskId) + ":history";
	}

	/**
	 * The pub/sub channel on which each appended event is published.
	 * @param taskId the task id
	 * @return the channel name
	 */
	public String channel(String taskId) {
		return tagged(taskId) + ":live";
	}

	/**
	 * The key that remembers the event id published under an idempotency key.
	 * @param taskId the task id
	 * @param idempotencyKey the publisher's idempotency key
	 * @return the key
	 */
	public String idempotency(String taskId, String idempotencyKey) {
		return tagged(taskId) + ":idem:" + idempotencyKey;
	}

	/**
	 * The hash that counts, per gateway node, the open streams that follow the task
	 * (field: the node's id; value: its count). Written by gateway nodes only.
	 * @param taskId the task id
	 * @return the key
	 */
	public String followers(String taskId) {
		return tagged(taskId) + ":followers";
	}

	private String tagged(String taskId) {
		return this.prefix + "{" + requireValidTaskId(taskId) + "}";
	}

}
