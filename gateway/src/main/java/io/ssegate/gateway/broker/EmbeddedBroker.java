package io.ssegate.gateway.broker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.gateway.event.TaskEventFactory;
import io.ssegate.protocol.Envelope;
import io.ssegate.protocol.EnvelopeCodec;
import io.ssegate.protocol.EventId;
import io.ssegate.protocol.GapRule;
import io.ssegate.protocol.HistoryLimits;
import org.jspecify.annotations.Nullable;

/**
 * The single-node broker: histories live in this JVM, with the same bounds and semantics
 * as the Redis history (count, time since the last event, idempotency keys, ended tasks).
 */
final class EmbeddedBroker implements EventBroker {

	private static final int MAX_TASKS = 100_000;

	private final EventSink sink;

	private final EnvelopeCodec codec;

	private final TaskEventFactory eventFactory;

	private final int historyMaxLength;

	private final int maxPayloadBytes;

	private final Cache<String, TaskHistory> histories;

	private final Cache<String, String> idempotencyKeys;

	private final AtomicReference<EventId> lastId = new AtomicReference<>(EventId.ZERO);

	EmbeddedBroker(EventSink sink, EnvelopeCodec codec, TaskEventFactory eventFactory, HistoryLimits limits,
			int maxPayloadBytes) {
		this.sink = sink;
		this.codec = codec;
		this.eventFactory = eventFactory;
		this.historyMaxLength = limits.maxLength();
		this.maxPayloadBytes = maxPayloadBytes;
		this.histories = Caffeine.newBuilder().maximumSize(MAX_TASKS).expireAfterWrite(limits.ttl()).build();
		this.idempotencyKeys = Caffeine.newBuilder()
			.maximumSize(MAX_TASKS)
			.expireAfterWrite(limits.idempotencyTtl())
			.build();
	}

	@Override
	public CompletableFuture<Void> acquire(String taskId) {
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public void release(String taskId) {
	}

	@Override
	public CompletableFuture<Replay> replay(String taskId, @Nullable EventId after) {
		TaskHistory history = this.histories.getIfPresent(taskId);
		if (history == null) {
			return CompletableFuture
				.completedFuture(new Replay(GapRule.isGap(after, null, EventId.ZERO), null, List.of()));
		}
		return CompletableFuture.completedFuture(history.after(after));
	}

	@Override
	public CompletableFuture<String> publish(Publication publication) {
		try {
			return CompletableFuture.completedFuture(append(publication));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public boolean isAvailable() {
		return true;
	}

	private String append(Publication publication) {
		String taskId = publication.taskId();
		Envelope envelope = envelope(publication);
		String idempotencyKey = (publication.idempotencyKey() != null) ? taskId + "/" + publication.idempotencyKey()
				: null;
		AtomicReference<String> id = new AtomicReference<>();
		this.histories.asMap().compute(taskId, (key, history) -> {
			String seen = (idempotencyKey != null) ? this.idempotencyKeys.getIfPresent(idempotencyKey) : null;
			if (seen != null) {
				id.set(seen);
				return history;
			}
			TaskHistory target = (history != null) ? history : new TaskHistory(this.historyMaxLength);
			TaskEvent taskEvent = this.eventFactory.create(nextId(), envelope);
			target.append(taskEvent);
			if (idempotencyKey != null) {
				this.idempotencyKeys.put(idempotencyKey, taskEvent.id().toString());
			}
			this.sink.deliver(taskEvent);
			id.set(taskEvent.id().toString());
			return target;
		});
		return id.get();
	}

	/**
	 * The publication's envelope, as an object: the sink gets it without a round trip
	 * through JSON text; only its size is measured as encoded, which the limit is about.
	 */
	private Envelope envelope(Publication publication) {
		try {
			return this.codec.createNew(publication.taskId(), publication.name(), publication.data(),
					publication.status(), publication.trace(), this.maxPayloadBytes);
		}
		catch (io.ssegate.protocol.EventTooLargeException ex) {
			throw new EventTooLargeException(Objects.requireNonNull(ex.getMessage()));
		}
	}

	private EventId nextId() {
		return this.lastId.updateAndGet((last) -> {
			long now = System.currentTimeMillis();
			return (now > last.millis()) ? new EventId(now, 0) : new EventId(last.millis(), last.sequence() + 1);
		});
	}

	/**
	 * One task's bounded history: only the oldest events are dropped ({@link GapRule}).
	 * Guarded by the cache's per-key lock for writes and by its own monitor for reads.
	 */
	private static final class TaskHistory {

		private final int maxLength;

		private final ArrayDeque<TaskEvent> events = new ArrayDeque<>();

		private EventId maxDeletedId = EventId.ZERO;

		TaskHistory(int maxLength) {
			this.maxLength = maxLength;
		}

		synchronized void append(TaskEvent event) {
			TaskEvent last = this.events.peekLast();
			if (last != null && last.endsTask()) {
				throw new TaskEndedException(
						"Task " + event.taskId() + " has ended: task already ended with event " + last.id());
			}
			this.events.addLast(event);
			while (this.events.size() > this.maxLength) {
				this.maxDeletedId = this.events.removeFirst().id();
			}
		}

		synchronized Replay after(@Nullable EventId after) {
			List<TaskEvent> newer = new ArrayList<>();
			for (TaskEvent event : this.events) {
				if (after == null || event.id().isAfter(after)) {
					newer.add(event);
				}
			}
			TaskEvent last = this.events.peekLast();
			EventId finalId = (last != null && last.endsTask()) ? last.id() : null;
			TaskEvent first = this.events.peekFirst();
			boolean gap = GapRule.isGap(after, (first != null) ? first.id() : null, this.maxDeletedId);
			return new Replay(gap, finalId, newer);
		}

	}

}
