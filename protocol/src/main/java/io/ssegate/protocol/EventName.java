package io.ssegate.protocol;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * SSE event names: 1 to {@value #MAX_LENGTH} letters, digits, {@code . _ : -}, so that a
 * name can never forge an SSE frame. {@code null} stands for the default event
 * ({@code message}).
 */
public final class EventName {

	/** The longest event name accepted. */
	public static final int MAX_LENGTH = 64;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

	private EventName() {
	}

	/**
	 * Check an event name.
	 * @param event the event name, may be {@code null} (default event)
	 * @return the same name
	 * @throws IllegalArgumentException if the name is not valid
	 */
	public static @Nullable String requireValid(@Nullable String event) {
		if (event != null && !NAME.matcher(event).matches()) {
			throw new IllegalArgumentException("Event name must match " + NAME.pattern());
		}
		return event;
	}

}
