package io.ssegate.gateway.stream;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/**
 * Relays the container's events of a stream's asynchronous response to its writer: the
 * response ended (completed, timed out, failed), so the stream closes.
 */
final class StreamLifecycle implements AsyncListener {

	private final StreamWriter writer;

	StreamLifecycle(StreamWriter writer) {
		this.writer = writer;
	}

	@Override
	public void onComplete(AsyncEvent event) {
		this.writer.responseEnded();
	}

	@Override
	public void onTimeout(AsyncEvent event) {
		this.writer.timedOut(event.getAsyncContext());
	}

	@Override
	public void onError(AsyncEvent event) {
		this.writer.completeNow(StreamEnd.CLIENT_GONE);
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

}
