package io.ssegate.gateway.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.ssegate.gateway.system.PublicListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful drain on shutdown. Spring Boot first turns readiness to REFUSING_TRAFFIC;
 * then, before the web server's own graceful shutdown, this closes the public listener
 * (see {@link PublicListener}), refuses new streams and ends every open one with a
 * {@code retry:} hint to move at once (100 ms), so that browsers reconnect through the
 * load balancer to another node and resume from their last id. It ends them at its
 * maximum rate (or faster, so as to end them all within half the grace period): the other
 * nodes then get a stream of opens they can serve at once instead of a storm, and each
 * client is without a stream only for its retry hint and one open. The streams not ended
 * yet deliver meanwhile. It waits at most the grace period for the streams to close. A
 * new stream on a connection opened before (a proxy's kept-alive upstream connection) is
 * answered with a hint to move (see {@link StreamProblemHandlers}).
 */
@Component
class Drain implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Drain.class);

	private static final Duration POLL = Duration.ofMillis(20);

	private final StreamRegistry registry;

	private final DrainProperties properties;

	private final RetryHints hints;

	private final PublicListener listener;

	private volatile boolean running;

	private volatile boolean draining;

	Drain(StreamRegistry registry, DrainProperties properties, RetryHints hints, PublicListener listener) {
		this.registry = registry;
		this.listener = listener;
		this.properties = properties;
		this.hints = hints;
	}

	boolean isDraining() {
		return this.draining;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.draining = true;
		this.listener.close();
		int open = this.registry.streamCount();
		logger.info("Draining: refusing new streams, closing {} open streams", open);
		long deadline = System.nanoTime() + this.properties.gracePeriod().toNanos();
		endPaced();
		while (this.registry.streamCount() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(POLL.toNanos());
		}
		int left = this.registry.streamCount();
		// Clients that did not read their last frames in time: close them now.
		this.registry.forEachStream((stream) -> stream.close(StreamEnd.DRAIN));
		logger.info("Drained: closed {} streams that were still open", left);
		this.running = false;
	}

	/**
	 * End every open stream with a hint to move, at most at the maximum rate unless half
	 * the grace period would not allow it.
	 */
	private void endPaced() {
		List<ClientStream> streams = new ArrayList<>(this.registry.streamCount());
		this.registry.forEachStream(streams::add);
		if (streams.isEmpty()) {
			return;
		}
		long spreadNanos = Math.min(TimeUnit.SECONDS.toNanos(streams.size()) / this.properties.maxRate(),
				this.properties.gracePeriod().toNanos() / 2);
		long start = System.nanoTime();
		for (int i = 0; i < streams.size(); i++) {
			long wait = start + spreadNanos * i / streams.size() - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			streams.get(i).endWithRetry(this.hints.moveAtOnce(), StreamEnd.DRAIN);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stop before the web server's graceful shutdown, which would otherwise wait for the
	 * streams.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
