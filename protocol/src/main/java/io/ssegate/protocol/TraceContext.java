package io.ssegate.protocol;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The W3C Trace Context of a publish, as an envelope carries it: the publisher's span in
 * the {@code traceparent} form and, when the publisher has one, its {@code tracestate}
 * (<a href="https://www.w3.org/TR/trace-context/">W3C Trace Context</a>). Checked so that
 * both can be written into the envelope's JSON without escaping.
 *
 * @param traceparent {@code <version>-<trace id>-<parent id>-<flags>} in lower-case hex,
 * for example {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}
 * @param tracestate the vendor-specific list ({@code key=value,...}, printable ASCII, at
 * most {@value #MAX_TRACESTATE_LENGTH} characters), or {@code null}
 */
public record TraceContext(String traceparent, @Nullable String tracestate) {

	/** The longest {@code tracestate} kept; W3C asks to propagate at least 512. */
	public static final int MAX_TRACESTATE_LENGTH = 512;

	/**
	 * Version 00 of the W3C format: a version other than {@code ff}, a trace id and a
	 * parent id that are not all zeros, and the flags.
	 */
	private static final Pattern TRACEPARENT = Pattern
		.compile("(?!ff)[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

	/** Printable ASCII but the JSON string's quote and escape characters. */
	private static final Pattern TRACESTATE = Pattern
		.compile("[\\x20-\\x7e&&[^\"\\\\]]{1," + MAX_TRACESTATE_LENGTH + "}");

	/**
	 * Create a trace context, checking both fields.
	 * @throws IllegalArgumentException if {@code traceparent} is not of the W3C format,
	 * or {@code tracestate} is not printable ASCII within the length
	 */
	public TraceContext {
		if (!isValidTraceparent(traceparent)) {
			throw new IllegalArgumentException("Invalid traceparent");
		}
		if (tracestate != null && !TRACESTATE.matcher(tracestate).matches()) {
			throw new IllegalArgumentException("Invalid tracestate");
		}
	}

	/**
	 * The trace context of two fields as received, for a reader that ignores what is not
	 * valid: none without a valid {@code traceparent}; an invalid {@code tracestate} is
	 * left out (W3C: a vendor list that cannot be parsed is dropped, the parent kept).
	 * @param traceparent the received {@code traceparent}, or {@code null}
	 * @param tracestate the received {@code tracestate}, or {@code null}
	 * @return the context, or {@code null}
	 */
	public static @Nullable TraceContext parse(@Nullable String traceparent, @Nullable String tracestate) {
		if (traceparent == null || !isValidTraceparent(traceparent)) {
			return null;
		}
		boolean stateValid = tracestate != null && TRACESTATE.matcher(tracestate).matches();
		return new TraceContext(traceparent, stateValid ? tracestate : null);
	}

	/**
	 * Whether a text is a {@code traceparent} of the W3C format, version 00.
	 * @param traceparent the text
	 * @return {@code true} when valid
	 */
	public static boolean isValidTraceparent(@Nullable String traceparent) {
		return traceparent != null && TRACEPARENT.matcher(traceparent).matches();
	}

}
