package io.ssegate.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A selector and the one platform thread that runs a loop over it until closed: the
 * plumbing shared by the load tool's NIO clients.
 */
final class SelectorLoop implements AutoCloseable {

	private final Selector selector;

	private volatile boolean running = true;

	private Thread thread;

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
	 * @param body the loop, which runs while {@link #isRunning()}
	 */
	void start(String name, Runnable body) {
		this.thread = Thread.ofPlatform().name(name).daemon().start(body);
	}

	boolean isRunning() {
		return this.running;
	}

	void wakeup() {
		this.selector.wakeup();
	}

	SelectionKey register(SelectableChannel channel, int operations, Object attachment) throws IOException {
		return channel.register(this.selector, operations, attachment);
	}

	/**
	 * Wait at most the timeout for ready keys and hand each to the action.
	 * @param action what to do with a ready key
	 * @param timeoutMillis the longest wait
	 */
	void select(Consumer<SelectionKey> action, long timeoutMillis) {
		try {
			this.selector.select(action, timeoutMillis);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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

}
