package io.ssegate.protocol;

import org.jspecify.annotations.Nullable;

/**
 * Whether a reader that resumes after an event id missed events that its task's history
 * no longer holds. Only the oldest events of a history are ever dropped, so an event
 * after the reader's id is missing exactly when that id is older than the first retained
 * event and is not the last dropped one. A history that expired and began again has
 * dropped nothing, yet the reader's id is older than its first event: a gap too.
 * {@code replay.lua} applies the same rule in Redis; both are tested against one table of
 * cases.
 */
public final class GapRule {

	private GapRule() {
	}

	/**
	 * Apply the rule.
	 * @param after the id the reader has, or {@code null} for a reader that has nothing
	 * @param firstRetained the oldest event id the history holds, or {@code null} when
	 * there is no history
	 * @param lastDropped the newest id dropped from the history, {@link EventId#ZERO}
	 * when none was
	 * @return {@code true} if the reader missed events
	 */
	public static boolean isGap(@Nullable EventId after, @Nullable EventId firstRetained, EventId lastDropped) {
		if (after == null) {
			return false;
		}
		if (firstRetained == null) {
			return true;
		}
		return firstRetained.isAfter(after) && !after.equals(lastDropped);
	}

}
