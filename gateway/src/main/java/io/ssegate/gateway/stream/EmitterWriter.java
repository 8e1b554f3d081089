package io.ssegate.gateway.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.ssegate.gateway.event.SseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Writes one connection's frames, in order, off the caller's thread: callers only enqueue
 * (never block), and a drain task on the executor writes everything queued in one write
 * and flush. A client that lets {@code capacity} frames pile up is disconnected; it
 * resumes with {@code Last-Event-ID}.
 */
final class EmitterWriter {

	private static final Logger logger = LoggerFactory.getLogger(EmitterWriter.class);

	private static final MediaType TEXT_UTF8 = new MediaType("text", "plain", StandardCharsets.UTF_8);

	private final SseEmitter emitter;

	private final Executor executor;

	private final int capacity;

	private final Queue<SseFrame> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicBoolean draining = new AtomicBoolean();

	private volatile boolean completeWhenDrained;

	private volatile boolean closed;

	private volatile Runnable onClosed = () -> {
	};

	EmitterWriter(SseEmitter emitter, Executor executor, int capacity) {
		this.emitter = emitter;
		this.executor = executor;
		this.capacity = capacity;
	}

	/**
	 * Run an action once this writer completes the stream or finds the client gone. (The
	 * emitter's own callbacks are not called when it completes before Spring MVC took it
	 * over, as for a late subscriber of an ended task.)
	 * @param action the action
	 */
	void whenClosed(Runnable action) {
		this.onClosed = action;
	}

	/**
	 * Queue a frame.
	 * @param frame the frame
	 */
	void enqueue(SseFrame frame) {
		if (this.closed) {
			return;
		}
		if (this.queued.incrementAndGet() > this.capacity) {
			logger.warn("Disconnecting a slow client: more than {} frames queued", this.capacity);
			completeNow();
			return;
		}
		this.queue.add(frame);
		schedule();
	}

	/**
	 * Complete the stream once every queued frame is written.
	 */
	void completeWhenDrained() {
		this.completeWhenDrained = true;
		schedule();
	}

	/**
	 * Complete the stream now, dropping queued frames.
	 */
	void completeNow() {
		this.closed = true;
		this.queue.clear();
		this.emitter.complete();
		this.onClosed.run();
	}

	private void schedule() {
		if (this.draining.compareAndSet(false, true)) {
			this.executor.execute(this::drain);
		}
	}

	private void drain() {
		do {
			writeQueued();
			if (this.completeWhenDrained && this.queue.isEmpty() && !this.closed) {
				this.closed = true;
				this.emitter.complete();
				this.onClosed.run();
			}
			this.draining.set(false);
		}
		while (!this.queue.isEmpty() && this.draining.compareAndSet(false, true));
	}

	private void writeQueued() {
		SseFrame frame = this.queue.poll();
		if (frame == null) {
			return;
		}
		StringBuilder batch = new StringBuilder(frame.text());
		int count = 1;
		while ((frame = this.queue.poll()) != null) {
			batch.append(frame.text());
			count++;
		}
		this.queued.addAndGet(-count);
		if (!this.closed) {
			write(batch.toString());
		}
	}

	private void write(String text) {
		try {
			this.emitter.send(Set.of(new DataWithMediaType(text, TEXT_UTF8)));
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away or the stream already ended; the emitter's callbacks
			// clean up.
			this.closed = true;
			this.queue.clear();
		}
	}

}
