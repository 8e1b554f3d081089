package io.ssegate.gateway.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.system.GatewayMetrics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one client's stream with the Servlet API's non-blocking output, on the thread
 * that hands it a frame: while the socket takes data, a frame is written at once; while
 * it does not, frames wait in a bounded queue and are written together when the container
 * reports the socket writable. No thread ever waits on a client. A client that lets more
 * than {@code capacity} frames pile up is disconnected; it resumes with
 * {@code Last-Event-ID}.
 * <p>
 * Frames handed over before {@link #start} are queued: the stream's opening and history
 * are prepared before the response is.
 */
final class StreamWriter implements WriteListener, AsyncListener {

	private static final Logger logger = LoggerFactory.getLogger(StreamWriter.class);

	/** The most bytes of queued frames that are copied together into one write. */
	static final int BATCH_BYTES = 16 * 1024;

	private final ReentrantLock lock = new ReentrantLock();

	private final ArrayDeque<SseFrame> queue = new ArrayDeque<>(4);

	private final int capacity;

	private final long timeoutMillis;

	private final GatewayMetrics metrics;

	private volatile @Nullable AsyncContext context;

	private @Nullable ServletOutputStream out;

	/** Whether this thread is in {@link #writeQueued}, which a container may re-enter. */
	private boolean writing;

	private boolean completeWhenDrained;

	private volatile boolean closed;

	private final AtomicBoolean contextCompleted = new AtomicBoolean();

	private final AtomicBoolean closedReported = new AtomicBoolean();

	private Runnable onClosed = () -> {
	};

	/**
	 * Create a writer.
	 * @param capacity the most frames that may wait for a slow client
	 * @param timeoutMillis the stream's lifetime, after which it is completed
	 * @param metrics the meters
	 */
	StreamWriter(int capacity, long timeoutMillis, GatewayMetrics metrics) {
		this.capacity = capacity;
		this.timeoutMillis = timeoutMillis;
		this.metrics = metrics;
	}

	/**
	 * Run an action once, when the stream is completed or the client is gone.
	 * @param action the action
	 */
	void whenClosed(Runnable action) {
		this.onClosed = action;
	}

	/**
	 * Start writing to an asynchronous response, whose status and headers are set.
	 * @param context the response's asynchronous context
	 * @throws IOException if the response's output cannot be obtained
	 */
	void start(AsyncContext context) throws IOException {
		context.setTimeout(this.timeoutMillis);
		context.addListener(this);
		this.lock.lock();
		boolean closedBefore;
		try {
			this.context = context;
			closedBefore = this.closed;
		}
		finally {
			this.lock.unlock();
		}
		if (closedBefore) {
			afterUnlock();
			return;
		}
		ServletOutputStream output = context.getResponse().getOutputStream();
		// Only once the listener is set is the output non-blocking: until then, frames
		// stay queued, so that no delivering thread can block on a blocking write.
		try {
			output.setWriteListener(this);
		}
		catch (IllegalStateException ex) {
			if (this.closed) {
				// Completed meanwhile (drain, broker loss): nothing left to write.
				return;
			}
			throw ex;
		}
		locked(() -> {
			if (!this.closed) {
				this.out = output;
				writeQueued();
			}
		});
	}

	/**
	 * Write a frame, or queue it while the client's socket is not writable.
	 * @param frame the frame
	 */
	void send(SseFrame frame) {
		// Not through locked(): no lambda on the path of every delivery.
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			if (this.queue.size() >= this.capacity) {
				logger.warn("Disconnecting a slow client: more than {} frames queued", this.capacity);
				this.metrics.slowConsumerDisconnected();
				closeLocked();
				return;
			}
			this.queue.add(frame);
			writeQueued();
		}
		finally {
			this.lock.unlock();
			afterUnlock();
		}
	}

	/**
	 * Complete the stream once every queued frame is written.
	 */
	void completeWhenDrained() {
		locked(() -> {
			this.completeWhenDrained = true;
			writeQueued();
		});
	}

	/**
	 * Complete the stream now, dropping queued frames. Never waits: Jetty aborts the
	 * connection of a response completed while a write is pending.
	 */
	void completeNow() {
		locked(this::closeLocked);
	}

	@Override
	public void onWritePossible() {
		locked(this::writeQueued);
	}

	private void locked(Runnable action) {
		this.lock.lock();
		try {
			action.run();
		}
		finally {
			this.lock.unlock();
			afterUnlock();
		}
	}

	/**
	 * Write queued frames while the socket takes them, and complete when asked and
	 * drained. Returns as soon as the output is not ready: the container then calls
	 * {@link #onWritePossible} when it is.
	 */
	private void writeQueued() {
		ServletOutputStream output = this.out;
		if (output == null || this.writing || this.closed) {
			return;
		}
		this.writing = true;
		try {
			while (output.isReady()) {
				if (this.queue.isEmpty()) {
					if (this.completeWhenDrained) {
						closeLocked();
					}
					return;
				}
				output.write(nextBatch());
			}
		}
		catch (IOException | RuntimeException ex) {
			// The client went away, or the response already ended.
			closeLocked();
		}
		finally {
			this.writing = false;
		}
	}

	/**
	 * The next frames to write, as one buffer. A lone frame is written from its shared
	 * bytes; frames that piled up are copied together, up to {@link #BATCH_BYTES}, so
	 * that they go out in one write. Writing a {@link ByteBuffer} bypasses the
	 * container's aggregation buffer, which would otherwise stay allocated for the
	 * stream's lifetime.
	 */
	private ByteBuffer nextBatch() {
		SseFrame first = this.queue.poll();
		SseFrame next = this.queue.peek();
		if (next == null || first.bytes().length + next.bytes().length > BATCH_BYTES) {
			return ByteBuffer.wrap(first.bytes());
		}
		int size = first.bytes().length;
		int count = 1;
		for (SseFrame frame : this.queue) {
			if (size + frame.bytes().length > BATCH_BYTES) {
				break;
			}
			size += frame.bytes().length;
			count++;
		}
		ByteBuffer batch = ByteBuffer.allocate(size).put(first.bytes());
		for (int i = 1; i < count; i++) {
			batch.put(this.queue.poll().bytes());
		}
		return batch.flip();
	}

	/**
	 * Mark the stream closed; the response is completed after the lock is released, by
	 * {@link #afterUnlock}, because completing runs the container's completion (and the
	 * listeners) on the calling thread.
	 */
	private void closeLocked() {
		this.closed = true;
		this.queue.clear();
		this.out = null;
	}

	/**
	 * Once closed: complete the response (once, and only once it started) and run the
	 * closed action (once).
	 */
	private void afterUnlock() {
		if (!this.closed) {
			return;
		}
		AsyncContext current = this.context;
		if (current != null && this.contextCompleted.compareAndSet(false, true)) {
			completeQuietly(current);
		}
		if (this.closedReported.compareAndSet(false, true)) {
			try {
				this.onClosed.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Releasing a closed stream failed", ex);
			}
		}
	}

	private static void completeQuietly(AsyncContext context) {
		try {
			context.complete();
		}
		catch (IllegalStateException ex) {
			// Already completed by the container, or completing from its timeout.
		}
	}

	@Override
	public void onError(Throwable failure) {
		completeNow();
	}

	@Override
	public void onComplete(AsyncEvent event) {
		this.contextCompleted.set(true);
		completeNow();
	}

	/**
	 * While the container times a response out, only its own thread may complete it: do
	 * so whatever another thread tried meanwhile, or the container ends the response with
	 * an error.
	 */
	@Override
	public void onTimeout(AsyncEvent event) {
		this.contextCompleted.set(true);
		completeNow();
		completeQuietly(event.getAsyncContext());
	}

	@Override
	public void onError(AsyncEvent event) {
		completeNow();
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

}
