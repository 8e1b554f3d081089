package io.ssegate.gateway.stream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.ssegate.gateway.event.SseFrame;

import org.springframework.stereotype.Component;

/**
 * The {@code retry:} frames that end a stream so that its client reconnects and resumes,
 * each with random jitter so that clients ended together do not all come back together.
 */
@Component
class RetryHints {

	/**
	 * The shortest hint to move: a client keeps the last {@code retry:} it got for later
	 * reconnects, which must not come back to back.
	 */
	private static final long MOVE_FLOOR_MILLIS = 100;

	private final Duration reconnectDelay;

	private final Duration jitter;

	private final Duration spread;

	RetryHints(StreamProperties stream, DrainProperties drain, AdmissionProperties admission) {
		this.reconnectDelay = stream.reconnectDelay();
		this.jitter = drain.reconnectJitter();
		this.spread = admission.retrySpread();
	}

	/**
	 * Reconnect now, to another node: this one is draining, full or rebalancing, and
	 * another one is ready. Between 100 ms and the jitter, without the reconnect delay.
	 * @return the frame
	 */
	SseFrame moveNow() {
		long jitter = this.jitter.toMillis();
		long floor = Math.min(MOVE_FLOOR_MILLIS, jitter);
		return SseFrame.retry(Duration.ofMillis(ThreadLocalRandom.current().nextLong(floor, jitter + 1)));
	}

	/**
	 * Reconnect at once, to another node: a draining node paces the ends of its streams
	 * itself, so that a random delay on top would only make each client wait longer.
	 * @return the frame of the shortest hint to move
	 */
	SseFrame moveAtOnce() {
		return SseFrame.retry(Duration.ofMillis(Math.min(MOVE_FLOOR_MILLIS, this.jitter.toMillis())));
	}

	/**
	 * Come back within the admission's retry spread: the node turned the open away in a
	 * storm, and the storm's clients must not all come back together. Between 100 ms and
	 * the spread, to this node or another.
	 * @return the frame
	 */
	SseFrame spreadOut() {
		return SseFrame.retry(
				Duration.ofMillis(ThreadLocalRandom.current().nextLong(MOVE_FLOOR_MILLIS, this.spread.toMillis() + 1)));
	}

	/**
	 * The longest hint to move: by then, every client told to move has reconnected.
	 * @return the longest {@code retry:} of {@link #moveNow()}
	 */
	Duration longestMove() {
		return this.jitter;
	}

	/**
	 * Come back later: the broker is unavailable (to every node at once), or the client's
	 * token expired. The reconnect delay plus up to the jitter.
	 * @return the frame
	 */
	SseFrame comeBackLater() {
		return SseFrame.retry(this.reconnectDelay.plusMillis(randomUpTo(this.jitter)));
	}

	private static long randomUpTo(Duration bound) {
		return ThreadLocalRandom.current().nextLong(bound.toMillis() + 1);
	}

}
