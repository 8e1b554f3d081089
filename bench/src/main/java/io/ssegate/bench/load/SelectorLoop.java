package io.ssegate.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A selector and the one platform thread that runs a loop over it until closed: the event
 * loop of the load tool's NIO clients. Each turn runs the commands other threads handed
 * in with {@link #call(Supplier)}, then the timers that are due, then the
 * {@link Handler}'s turn, then hands each ready key's attachment to the handler.
 *
 * @param <A> the type of what is attached to the keys
 */
final class SelectorLoop<A> implements AutoCloseable {

	private static final long IDLE_WAIT_MILLIS = 100;

	private static final long CALL_TIMEOUT_SECONDS = 60;

	private final Selector selector;

	private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();

	private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::dueNanos));

	private volatile boolean running = true;

	private @Nullable Thread thread;

	SelectorLoop() {
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start the loop's thread.
	 * @param name the thread's name
	 * @param handler what the loop does on its thread
	 */
	void start(String name, Handler<A> handler) {
		this.thread = Thread.ofPlatform().name(name).daemon().start(() -> run(handler));
	}

	boolean isRunning() {
		return this.running;
	}

	void wakeup() {
		this.selector.wakeup();
	}

	SelectionKey register(SelectableChannel channel, int operations, A attachment) throws IOException {
		return channel.register(this.selector, operations, attachment);
	}

	/**
	 * Run an action on the loop's thread and wait for its result. Not for the loop's own
	 * thread.
	 * @param <T> the type of the result
	 * @param action the action
	 * @return its result
	 * @throws IllegalStateException if the action failed, or the loop did not run it
	 * within 60 s
	 */
	<T> T call(Supplier<T> action) {
		CompletableFuture<T> result = new CompletableFuture<>();
		this.commands.add(() -> {
			try {
				result.complete(action.get());
			}
			catch (RuntimeException ex) {
				result.completeExceptionally(ex);
			}
		});
		this.selector.wakeup();
		try {
			return result.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Selector loop command failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Selector loop did not answer", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * On the loop's thread: run an action after a delay.
	 * @param delayNanos the delay
	 * @param action the action
	 */
	void schedule(long delayNanos, Runnable action) {
		this.timers.add(new Timer(System.nanoTime() + delayNanos, action));
	}

	/**
	 * On the loop's thread: drop the timers that did not run yet.
	 */
	void cancelTimers() {
		this.timers.clear();
	}

	/**
	 * Stop the loop, wait up to 5 s for its thread, close the selector.
	 */
	@Override
	public void close() {
		this.running = false;
		this.selector.wakeup();
		try {
			if (this.thread != null) {
				this.thread.join(TimeUnit.SECONDS.toMillis(5));
			}
			this.selector.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run(Handler<A> handler) {
		while (this.running) {
			Runnable command;
			while ((command = this.commands.poll()) != null) {
				command.run();
			}
			runDueTimers();
			handler.beforeSelect();
			select(handler, waitMillis());
		}
		handler.afterStop();
	}

	private void runDueTimers() {
		long now = System.nanoTime();
		Timer next;
		while ((next = this.timers.peek()) != null && next.dueNanos() <= now) {
			this.timers.poll().action().run();
		}
	}

	private long waitMillis() {
		Timer next = this.timers.peek();
		if (next == null) {
			return IDLE_WAIT_MILLIS;
		}
		return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next.dueNanos() - System.nanoTime()));
	}

	private void select(Handler<A> handler, long timeoutMillis) {
		try {
			this.selector.select((key) -> dispatch(handler, key), timeoutMillis);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Connect, or else write then read; a failure (a cancelled key is an
	 * {@link IllegalStateException}) goes to the handler.
	 */
	@SuppressWarnings("unchecked")
	private void dispatch(Handler<A> handler, SelectionKey key) {
		A attachment = (A) key.attachment();
		try {
			if (key.isConnectable()) {
				handler.onConnectable(attachment);
				return;
			}
			if (key.isWritable()) {
				handler.onWritable(attachment);
			}
			if (key.isValid() && key.isReadable()) {
				handler.onReadable(attachment);
			}
		}
		catch (IOException | IllegalStateException ex) {
			handler.onFailure(attachment);
		}
	}

	/**
	 * What a loop does on its thread.
	 *
	 * @param <A> the type of what is attached to the keys
	 */
	interface Handler<A> {

		/**
		 * Before each wait for ready keys: start what waits to be started.
		 */
		void beforeSelect();

		/**
		 * A connect can be finished.
		 * @param attachment the key's attachment
		 * @throws IOException if the connection failed
		 */
		void onConnectable(A attachment) throws IOException;

		/**
		 * The connection takes bytes.
		 * @param attachment the key's attachment
		 * @throws IOException if the connection failed
		 */
		void onWritable(A attachment) throws IOException;

		/**
		 * Bytes arrived, or the end of the stream.
		 * @param attachment the key's attachment
		 * @throws IOException if the connection failed
		 */
		void onReadable(A attachment) throws IOException;

		/**
		 * One of the others threw an {@link IOException} or an
		 * {@link IllegalStateException}: the connection is broken.
		 * @param attachment the key's attachment
		 */
		void onFailure(A attachment);

		/**
		 * Once, after the loop stopped: close what is left.
		 */
		void afterStop();

	}

	private record Timer(long dueNanos, Runnable action) {

	}

}
