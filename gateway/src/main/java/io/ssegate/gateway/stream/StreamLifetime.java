package io.ssegate.gateway.stream;

import io.micrometer.core.instrument.LongTaskTimer;
import org.jspecify.annotations.Nullable;

/**
 * One stream's life in the meters: opened (fresh or resumed, and timed while open), then
 * closed with its reason. A stream that closed before it opened (the client left while
 * its history was read) counts neither, whatever the order in which the threads report.
 */
final class StreamLifetime {

	private final StreamMeters metrics;

	private LongTaskTimer.@Nullable Sample open;

	private boolean closed;

	StreamLifetime(StreamMeters metrics) {
		this.metrics = metrics;
	}

	/**
	 * The stream's first frame is queued.
	 * @param resumed whether the client resumed with a {@code Last-Event-ID}
	 */
	synchronized void opened(boolean resumed) {
		if (!this.closed && this.open == null) {
			this.open = this.metrics.opened(resumed);
		}
	}

	/**
	 * The stream closed.
	 * @param reason why
	 */
	synchronized void closed(StreamEnd reason) {
		if (this.closed) {
			return;
		}
		this.closed = true;
		if (this.open != null) {
			this.open.stop();
			this.metrics.closed(reason);
		}
	}

}
