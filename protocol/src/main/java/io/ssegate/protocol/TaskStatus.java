package io.ssegate.protocol;

import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Task statuses. A status is a name ({@code [A-Z][A-Z0-9_]{0,31}}); {@link #END} and
 * {@link #ERROR} are terminal: once delivered, every stream of the task is closed and the
 * task accepts no further events.
 */
public final class TaskStatus {

	/** The task is running. */
	public static final String RUNNING = "RUNNING";

	/** The task finished successfully; terminal. */
	public static final String END = "END";

	/** The task failed; terminal. */
	public static final String ERROR = "ERROR";

	private static final Set<String> TERMINAL = Set.of(END, ERROR);

	private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

	private TaskStatus() {
	}

	/**
	 * Whether a status ends its task.
	 * @param status the status, may be {@code null}
	 * @return {@code true} for {@link #END} and {@link #ERROR}
	 */
	public static boolean isTerminal(@Nullable String status) {
		return status != null && TERMINAL.contains(status);
	}

	/**
	 * Check a status name.
	 * @param status the status, may be {@code null} (no status)
	 * @return the same status
	 * @throws IllegalArgumentException if the status is not a valid name
	 */
	public static @Nullable String requireValid(@Nullable String status) {
		if (status != null && !NAME.matcher(status).matches()) {
			throw new IllegalArgumentException("Status must match " + NAME.pattern());
		}
		return status;
	}

}
