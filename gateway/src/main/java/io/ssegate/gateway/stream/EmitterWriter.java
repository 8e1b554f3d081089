package io.ssegate.gateway.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.system.GatewayMetrics;
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

	private static final long NOT_AN_EVENT = -1;

	private final SseEmitter emitter;

	private final Executor executor;

	private final int capacity;

	private final GatewayMetrics metrics;

	private final Queue<Outbound> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicBoolean draining = new AtomicBoolean();

	private volatile boolean completeWhenDrained;

	private volatile boolean closed;

	private volatile Runnable onClosed = () -> {
	};

	EmitterWriter(SseEmitter emitter, Executor executor, int capacity, GatewayMetrics metrics) {
		this.emitter = emitter;
		this.executor = executor;
		this.capacity = capacity;
		this.metrics = metrics;
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
	 * Queue an event.
	 * @param event the event
	 */
	void enqueue(TaskEvent event) {
		offer(new Outbound(event.frame(), event.publishedAt()));
	}

	/**
	 * Queue a frame that is not an event (comment, retry hint, signal).
	 * @param frame the frame
	 */
	void enqueue(SseFrame frame) {
		offer(new Outbound(frame, NOT_AN_EVENT));
	}

	private void offer(Outbound outbound) {
		if (this.closed) {
			return;
		}
		if (this.queued.incrementAndGet() > this.capacity) {
			logger.warn("Disconnecting a slow client: more than {} frames queued", this.capacity);
			this.metrics.slowConsumerDisconnected();
			completeNow();
			return;
		}
		this.queue.add(outbound);
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
	 * Complete the stream now, dropping queued frames, without blocking the caller: the
	 * emitter is completed on the executor, because completing waits for a write in
	 * progress, which a stalled client can hold until the server's write timeout.
	 */
	void completeNow() {
		this.closed = true;
		this.queue.clear();
		this.executor.execute(this.emitter::complete);
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
		List<Outbound> batch = new ArrayList<>();
		Outbound outbound;
		while ((outbound = this.queue.poll()) != null) {
			batch.add(outbound);
		}
		if (batch.isEmpty()) {
			return;
		}
		this.queued.addAndGet(-batch.size());
		if (this.closed) {
			return;
		}
		StringBuilder text = new StringBuilder();
		batch.forEach((item) -> text.append(item.frame().text()));
		if (write(text.toString())) {
			long now = System.currentTimeMillis();
			batch.stream()
				.filter((item) -> item.publishedAt() != NOT_AN_EVENT)
				.forEach((item) -> this.metrics.delivered(item.publishedAt(), now));
		}
	}

	private boolean write(String text) {
		try {
			this.emitter.send(Set.of(new DataWithMediaType(text, TEXT_UTF8)));
			return true;
		}
		catch (IOException | RuntimeException ex) {
			// The client went away, or the stream already ended.
			this.closed = true;
			this.queue.clear();
			this.onClosed.run();
			return false;
		}
	}

	/**
	 * A queued frame and, for an event, its publish time.
	 */
	private record Outbound(SseFrame frame, long publishedAt) {

	}

}
