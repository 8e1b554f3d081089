package io.ssegate.gateway.system;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's pool of platform threads, which lets a connection resume on the thread that
 * completed its response when that thread is not one of the pool's. A response that
 * completes after its handler returned (the publish API answers when Redis does, on the
 * Redis client's event loop) makes Jetty hand the connection to a pool thread, which only
 * reads the next request or asks the selector to watch for it: waking that thread cost
 * about a tenth of a publishing node's CPU (BENCHMARKS.md, round 2). Running it in place
 * is safe because nothing that reading a request starts may block: Jetty's root handler
 * (the publish route) is non-blocking, and hands every request that may block to a
 * virtual thread. Every other job, and every job from the pool's own threads, is queued
 * as usual.
 */
final class ResumingThreadPool extends QueuedThreadPool {

	private final ThreadLocal<Boolean> ownThread = new ThreadLocal<>();

	/**
	 * Create a pool.
	 * @param maxThreads the most threads
	 * @param minThreads the fewest threads
	 * @param idleTimeoutMillis how long an idle thread above the fewest lives
	 */
	ResumingThreadPool(int maxThreads, int minThreads, int idleTimeoutMillis) {
		super(maxThreads, minThreads, idleTimeoutMillis);
	}

	@Override
	public Thread newThread(Runnable runnable) {
		return super.newThread(() -> {
			this.ownThread.set(Boolean.TRUE);
			runnable.run();
		});
	}

	@Override
	public void execute(Runnable job) {
		if (job instanceof Connection && this.ownThread.get() == null) {
			try {
				runJob(job);
			}
			catch (Throwable ex) {
				onJobFailure(ex);
			}
			return;
		}
		super.execute(job);
	}

}
