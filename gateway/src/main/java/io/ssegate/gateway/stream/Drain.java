package io.ssegate.gateway.stream;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful drain on shutdown. Spring Boot first turns readiness to REFUSING_TRAFFIC;
 * then, before the web server's own graceful shutdown, this refuses new streams and ends
 * every open one with a {@code retry:} hint to move now (random, up to the jitter), so
 * that browsers reconnect through the load balancer to another node and resume from their
 * last id. It waits at most the grace period for the streams to close. Until the web
 * server stops listening, a new stream is answered with the same hint (see
 * {@link StreamProblemHandlers}).
 */
@Component
class Drain implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Drain.class);

	private static final Duration POLL = Duration.ofMillis(20);

	private final StreamRegistry registry;

	private final DrainProperties properties;

	private final RetryHints hints;

	private volatile boolean running;

	private volatile boolean draining;

	Drain(StreamRegistry registry, DrainProperties properties, RetryHints hints) {
		this.registry = registry;
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
		int open = this.registry.streamCount();
		logger.info("Draining: refusing new streams, closing {} open streams", open);
		this.registry.forEachStream((stream) -> stream.endWithRetry(this.hints.moveNow(), StreamEnd.DRAIN));
		long deadline = System.nanoTime() + this.properties.gracePeriod().toNanos();
		while (this.registry.streamCount() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(POLL.toNanos());
		}
		int left = this.registry.streamCount();
		// Clients that did not read their last frames in time: close them now.
		this.registry.forEachStream((stream) -> stream.close(StreamEnd.DRAIN));
		logger.info("Drained: closed {} streams that were still open", left);
		this.running = false;
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
