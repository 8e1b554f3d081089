package io.ssegate.gateway.stream;

import java.util.concurrent.atomic.AtomicInteger;

import io.ssegate.gateway.stream.StreamRefusedException.Reason;

import org.springframework.stereotype.Component;

/**
 * Bounds the stream opens a node works on at once. In a reconnect storm (a node killed or
 * drained, a network blip), thousands of clients come at once; each open costs CPU
 * (token, subscribe, history, first frames) that the streams already open need for their
 * deliveries. An open beyond the bound is turned away before any of that work, with a
 * random {@code retry:} (see {@link StreamProblemHandlers}): the client resumes exactly
 * with {@code Last-Event-ID} when it comes back, on this node or another, and the storm
 * comes back spread out rather than queued.
 */
@Component
class Admission {

	private final AtomicInteger opening = new AtomicInteger();

	private final AdmissionProperties properties;

	private final StreamMeters metrics;

	Admission(AdmissionProperties properties, StreamMeters metrics) {
		this.properties = properties;
		this.metrics = metrics;
		metrics.trackOpening(this.opening::get);
	}

	/**
	 * Admit an open, which must call {@link #opened()} once it is done, opened or not.
	 * @throws StreamRefusedException if the node works on its maximum of opens already
	 */
	void admit() {
		int now = this.opening.incrementAndGet();
		if (this.properties.enabled() && now > this.properties.maxOpening()) {
			this.opening.decrementAndGet();
			this.metrics.rejected(Reason.BUSY.tag());
			throw new StreamRefusedException(Reason.BUSY,
					"This node is opening its maximum of " + this.properties.maxOpening() + " streams at once");
		}
	}

	/**
	 * An admitted open is done.
	 */
	void opened() {
		this.opening.decrementAndGet();
	}

}
