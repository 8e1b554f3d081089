package io.ssegate.gateway.system;

import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.jetty.autoconfigure.JettyServerProperties;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Jetty's threads: platform threads for the selector and the acceptor, virtual threads
 * for the work that may block. With {@code spring.threads.virtual.enabled}, Spring Boot
 * runs every thread of Jetty's on a virtual thread, the selector too; a virtual thread
 * cannot wait in {@code epoll_wait} itself, so each time the selector wakes, the JDK's
 * poller thread wakes a carrier thread for it. For the publish API, which runs on the
 * selector, that hand-off cost more than the request itself (BENCHMARKS.md, round 2).
 * Here the pool is Jetty's own ({@link ResumingThreadPool}), sized by
 * {@code server.jetty.threads.*}, and Jetty runs its blocking tasks (the Servlet
 * container's requests) on virtual threads.
 */
class JettyThreads implements WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory>, Ordered {

	/** After Spring Boot's customizer, which sets a pool of virtual threads. */
	static final int ORDER = 2;

	private final JettyServerProperties.Threads threads;

	JettyThreads(JettyServerProperties.Threads threads) {
		this.threads = threads;
	}

	@Override
	public void customize(ConfigurableJettyWebServerFactory factory) {
		QueuedThreadPool pool = new ResumingThreadPool(this.threads.getMax(), this.threads.getMin(),
				Math.toIntExact(this.threads.getIdleTimeout().toMillis()));
		pool.setName("jetty");
		pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("jetty-virtual-"));
		factory.setThreadPool(pool);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
