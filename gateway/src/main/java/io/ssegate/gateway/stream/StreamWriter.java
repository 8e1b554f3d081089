package io.ssegate.gateway.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.ssegate.gateway.event.SseFrame;
import jakarta.servlet.AsyncContext;
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
 * are prepared before the response is. The container's events of the response reach the
 * writer through a {@link StreamLifecycle}; a client that hangs up, through a
 * {@link HangupWatch}, at once rather than at the next write that fails.
 * <p>
 * Every change of state happens under the lock; what it leaves to do (complete the
 * response, report the stream closed) is returned as a {@link Completion} and run once
 * the lock is released, because completing runs the container's completion, and the
 * listeners, on the calling thread.
 */
final class StreamWriter implements WriteListener {

	private static final Logger logger = LoggerFactory.getLogger(StreamWriter.class);

	/** The most bytes of queued frames that are copied together into one write. */
	static final int BATCH_BYTES = 16 * 1024;

	private final ReentrantLock lock = new ReentrantLock();

	private final ArrayDeque<SseFrame> queue = new ArrayDeque<>(4);

	private final int capacity;

	private final long timeoutMillis;

	private final StreamMeters metrics;

	private State state = State.NEW;

	/** The started response, until it is completed or its completion is handed out. */
	private @Nullable AsyncContext response;

	/** The non-blocking output: set in {@code STARTED} and {@code DRAINING} only. */
	private @Nullable ServletOutputStream out;

	/**
	 * Whether this thread is in {@link #writeQueued}, which a container may re-enter (a
	 * write calling back a listener). Not a state of the stream: a write loop runs in
	 * {@code STARTED} and {@code DRAINING} alike, and may see the stream closed under it.
	 */
	private boolean writing;

	/** Why the stream is ending, once a reason is given: the first one wins. */
	private @Nullable StreamEnd end;

	private Consumer<StreamEnd> onClosed = (end) -> {
	};

	/**
	 * Create a writer.
	 * @param capacity the most frames that may wait for a slow client
	 * @param timeoutMillis the stream's lifetime, after which it is completed
	 * @param metrics the meters
	 */
	StreamWriter(int capacity, long timeoutMillis, StreamMeters metrics) {
		this.capacity = capacity;
		this.timeoutMillis = timeoutMillis;
		this.metrics = metrics;
	}

	/**
	 * Run an action once, when the stream is completed or the client is gone.
	 * @param action the action, told why the stream ended
	 */
	void whenClosed(Consumer<StreamEnd> action) {
		this.onClosed = action;
	}

	/**
	 * Start writing to an asynchronous response, whose status and headers are set.
	 * @param context the response's asynchronous context
	 * @throws IOException if the response's output cannot be obtained
	 */
	void start(AsyncContext context) throws IOException {
		context.setTimeout(this.timeoutMillis);
		context.addListener(new StreamLifecycle(this));
		if (!attach(context)) {
			// Closed before the response started: nothing to write.
			completeQuietly(context);
			return;
		}
		HangupWatch.watch(context, () -> completeNow(StreamEnd.CLIENT_GONE));
		ServletOutputStream output = context.getResponse().getOutputStream();
		// Only once the listener is set is the output non-blocking: until then, frames
		// stay queued, so that no delivering thread can block on a blocking write.
		try {
			output.setWriteListener(this);
		}
		catch (IllegalStateException ex) {
			if (isClosed()) {
				// Completed meanwhile (drain, broker loss): nothing left to write.
				return;
			}
			throw ex;
		}
		locked(() -> useOutput(output));
	}

	/**
	 * Write a frame, or queue it while the client's socket is not writable.
	 * @param frame the frame
	 */
	void send(SseFrame frame) {
		// Not through locked(): no lambda on the path of every delivery.
		Completion completion;
		this.lock.lock();
		try {
			completion = enqueue(frame);
		}
		finally {
			this.lock.unlock();
		}
		completion.run();
	}

	/**
	 * Complete the stream once every queued frame is written.
	 * @param reason why
	 */
	void completeWhenDrained(StreamEnd reason) {
		locked(() -> {
			endingFor(reason);
			this.state = this.state.draining();
			return writeQueued();
		});
	}

	/**
	 * Complete the stream now, dropping queued frames. Never waits: Jetty aborts the
	 * connection of a response completed while a write is pending.
	 * @param reason why
	 */
	void completeNow(StreamEnd reason) {
		locked(() -> {
			endingFor(reason);
			return close();
		});
	}

	private void endingFor(StreamEnd reason) {
		if (this.end == null) {
			this.end = reason;
		}
	}

	@Override
	public void onWritePossible() {
		locked(this::writeQueued);
	}

	@Override
	public void onError(Throwable failure) {
		completeNow(StreamEnd.CLIENT_GONE);
	}

	/**
	 * The container completed the response, or is completing it: close the stream,
	 * leaving the response alone.
	 */
	void responseEnded() {
		locked(() -> {
			this.response = null;
			return close();
		});
	}

	/**
	 * While the container times a response out, only its own thread may complete it: do
	 * so whatever another thread tried meanwhile, or the container ends the response with
	 * an error.
	 * @param context the response's asynchronous context
	 */
	void timedOut(AsyncContext context) {
		locked(() -> {
			endingFor(StreamEnd.TIMEOUT);
			return Completion.NONE;
		});
		responseEnded();
		completeQuietly(context);
	}

	private boolean attach(AsyncContext context) {
		this.lock.lock();
		try {
			if (this.state == State.CLOSED) {
				return false;
			}
			this.response = context;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean isClosed() {
		this.lock.lock();
		try {
			return this.state == State.CLOSED;
		}
		finally {
			this.lock.unlock();
		}
	}

	private Completion useOutput(ServletOutputStream output) {
		if (this.state == State.CLOSED) {
			return Completion.NONE;
		}
		this.out = output;
		this.state = this.state.started();
		return writeQueued();
	}

	private Completion enqueue(SseFrame frame) {
		if (this.state == State.CLOSED) {
			return Completion.NONE;
		}
		if (this.queue.size() >= this.capacity) {
			logger.warn("Disconnecting a slow client: more than {} frames queued", this.capacity);
			this.metrics.slowStreamEnded();
			endingFor(StreamEnd.SLOW_CLIENT);
			return close();
		}
		this.queue.add(frame);
		return writeQueued();
	}

	private void locked(Supplier<Completion> action) {
		Completion completion;
		this.lock.lock();
		try {
			completion = action.get();
		}
		finally {
			this.lock.unlock();
		}
		completion.run();
	}

	/**
	 * Write queued frames while the socket takes them, and close when draining and
	 * drained. Returns as soon as the output is not ready: the container then calls
	 * {@link #onWritePossible} when it is.
	 */
	private Completion writeQueued() {
		ServletOutputStream output = this.out;
		if (output == null || this.writing) {
			return Completion.NONE;
		}
		this.writing = true;
		try {
			while (output.isReady()) {
				if (this.queue.isEmpty()) {
					return (this.state == State.DRAINING) ? close() : Completion.NONE;
				}
				output.write(nextBatch());
			}
			return Completion.NONE;
		}
		catch (IOException | RuntimeException ex) {
			// The client went away, or the response already ended.
			return close();
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
	 * Close the stream, once: drop the queue and the output, and hand the completion of
	 * the response (if started and not completed) and the closed action to the caller.
	 */
	private Completion close() {
		if (this.state == State.CLOSED) {
			return Completion.NONE;
		}
		this.state = State.CLOSED;
		this.queue.clear();
		this.out = null;
		AsyncContext started = this.response;
		this.response = null;
		// Without a reason given: the container ended the response, or a write failed.
		StreamEnd reason = (this.end != null) ? this.end : StreamEnd.CLIENT_GONE;
		Consumer<StreamEnd> closed = this.onClosed;
		return new Completion(started, () -> closed.accept(reason));
	}

	private static void completeQuietly(AsyncContext context) {
		try {
			context.complete();
		}
		catch (IllegalStateException ex) {
			// Already completed by the container, or completing from its timeout.
		}
	}

	/**
	 * Where a stream is in its life. Frames are queued in every state but {@code CLOSED},
	 * and written in {@code STARTED} and {@code DRAINING}. <pre>
	 * NEW ──start──▶ STARTED          NEW ──completeWhenDrained──▶ NEW_DRAINING
	 * NEW_DRAINING ──start──▶ DRAINING   STARTED ──completeWhenDrained──▶ DRAINING
	 * DRAINING ──queue written──▶ CLOSED
	 * any ──completeNow, slow client, failed write, response ended──▶ CLOSED
	 * </pre>
	 */
	private enum State {

		/** The response has not started: frames wait for its output. */
		NEW,

		/** The response has not started, and is to complete once the queue is written. */
		NEW_DRAINING,

		/** Frames are written as the socket takes them. */
		STARTED,

		/** Frames are written as the socket takes them, then the response completes. */
		DRAINING,

		/** The response is completed or the client gone: frames are dropped. */
		CLOSED;

		State started() {
			return switch (this) {
				case NEW -> STARTED;
				case NEW_DRAINING -> DRAINING;
				default -> this;
			};
		}

		State draining() {
			return switch (this) {
				case NEW -> NEW_DRAINING;
				case STARTED -> DRAINING;
				default -> this;
			};
		}

	}

	/**
	 * What a locked section leaves to do once the lock is released.
	 *
	 * @param response the response to complete, or {@code null}
	 * @param onClosed the action to run because the stream closed, or {@code null}
	 */
	private record Completion(@Nullable AsyncContext response, @Nullable Runnable onClosed) {

		/** Nothing to do: what every frame written or queued returns. */
		static final Completion NONE = new Completion(null, null);

		void run() {
			if (this.response != null) {
				completeQuietly(this.response);
			}
			if (this.onClosed != null) {
				try {
					this.onClosed.run();
				}
				catch (RuntimeException ex) {
					logger.warn("Releasing a closed stream failed", ex);
				}
			}
		}

	}

}
