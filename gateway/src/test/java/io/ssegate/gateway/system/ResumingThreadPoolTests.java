package io.ssegate.gateway.system;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.io.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

/**
 * A connection resumed from a thread outside the pool runs on that thread; everything
 * else goes to the pool's threads.
 */
class ResumingThreadPoolTests {

	private final ResumingThreadPool pool = new ResumingThreadPool(8, 4, 60_000);

	@BeforeEach
	void start() throws Exception {
		this.pool.start();
	}

	@AfterEach
	void stop() throws Exception {
		this.pool.stop();
	}

	@Test
	void aConnectionResumedFromAnotherThreadRunsOnIt() throws Exception {
		CompletableFuture<Thread> ran = new CompletableFuture<>();
		this.pool.execute(connection(ran));
		assertThat(ran).isCompletedWithValue(Thread.currentThread());
	}

	@Test
	void otherJobsRunOnThePool() throws Exception {
		CompletableFuture<Thread> ran = new CompletableFuture<>();
		this.pool.execute(() -> ran.complete(Thread.currentThread()));
		assertThat(ran.get(5, TimeUnit.SECONDS)).isNotSameAs(Thread.currentThread());
	}

	@Test
	void aConnectionResumedFromAPoolThreadIsQueued() throws Exception {
		CompletableFuture<Thread> submitter = new CompletableFuture<>();
		CompletableFuture<Thread> ran = new CompletableFuture<>();
		this.pool.execute(() -> {
			this.pool.execute(connection(ran));
			submitter.complete(Thread.currentThread());
			// Stay busy until it ran, so that another thread of the pool takes it.
			ran.completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
		});
		assertThat(ran.get(10, TimeUnit.SECONDS)).isNotNull().isNotSameAs(submitter.get(10, TimeUnit.SECONDS));
	}

	@Test
	void aConnectionThatFailsInPlaceDoesNotFailTheResumingThread() {
		Runnable failing = (Runnable) mock(Connection.class, withSettings().extraInterfaces(Runnable.class));
		doAnswer((invocation) -> {
			throw new IllegalStateException("broken");
		}).when(failing).run();
		this.pool.execute(failing);
	}

	private static Runnable connection(CompletableFuture<Thread> ran) {
		Runnable connection = (Runnable) mock(Connection.class, withSettings().extraInterfaces(Runnable.class));
		doAnswer((invocation) -> ran.complete(Thread.currentThread())).when(connection).run();
		return connection;
	}

}
