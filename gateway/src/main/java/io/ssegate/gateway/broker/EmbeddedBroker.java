package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

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

	/** The open streams of each followed task. */
	private final Map<String, Integer> followers = new ConcurrentHashMap<>();

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
		this.followers.merge(taskId, 1, Integer::sum);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public void release(String taskId) {
		this.followers.computeIfPresent(taskId, (task, count) -> (count > 1) ? count - 1 : null);
	}

	@Override
	public CompletableFuture<Optional<TaskState>> state(String taskId) {
		TaskHistory history = this.histories.getIfPresent(taskId);
		return CompletableFuture.completedFuture(
				Optional.ofNullable(history).flatMap((found) -> found.state(this.followers.getOrDefault(taskId, 0))));
	}

	@Override
	public CompletableFuture<HistoryPage> page(String taskId, @Nullable EventId after, int limit) {
		TaskHistory history = this.histories.getIfPresent(taskId);
		if (history == null) {
			return CompletableFuture
				.completedFuture(new HistoryPage(List.of(), GapRule.isGap(after, null, EventId.ZERO), false));
		}
		return CompletableFuture.completedFuture(history.page(after, limit));
	}

	/**
	 * Nothing to do: the embedded histories are bounded in number and go after their time
	 * to live.
	 */
	@Override
	public CompletableFuture<Void> forgetAfter(String taskId, Duration retention) {
		return CompletableFuture.completedFuture(null);
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
	public CompletableFuture<Published> publish(Publication publication) {
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

	private Published append(Publication publication) {
		String taskId = publication.taskId();
		Envelope envelope = envelope(publication);
		String idempotencyKey = (publication.idempotencyKey() != null) ? taskId + "/" + publication.idempotencyKey()
				: null;
		AtomicReference<Published> published = new AtomicReference<>();
		this.histories.asMap().compute(taskId, (key, history) -> {
			String seen = (idempotencyKey != null) ? this.idempotencyKeys.getIfPresent(idempotencyKey) : null;
			if (seen != null) {
				published.set(new Published(seen, 0));
				return history;
			}
			TaskHistory target = (history != null) ? history : new TaskHistory(this.historyMaxLength);
			TaskEvent taskEvent = this.eventFactory.create(nextId(), envelope);
			target.append(taskEvent, envelope);
			if (idempotencyKey != null) {
				this.idempotencyKeys.put(idempotencyKey, taskEvent.id().toString());
			}
			this.sink.deliver(taskEvent);
			published.set(new Published(taskEvent.id().toString(), this.followers.containsKey(taskId) ? 1 : 0));
			return target;
		});
		return Objects.requireNonNull(published.get());
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

		private final ArrayDeque<Entry> entries = new ArrayDeque<>();

		private EventId maxDeletedId = EventId.ZERO;

		TaskHistory(int maxLength) {
			this.maxLength = maxLength;
		}

		synchronized void append(TaskEvent event, Envelope envelope) {
			Entry last = this.entries.peekLast();
			if (last != null && last.event().endsTask()) {
				throw new TaskEndedException(
						"Task " + event.taskId() + " has ended: task already ended with event " + last.event().id());
			}
			this.entries.addLast(new Entry(event, envelope));
			while (this.entries.size() > this.maxLength) {
				this.maxDeletedId = this.entries.removeFirst().event().id();
			}
		}

		synchronized Replay after(@Nullable EventId after) {
			List<TaskEvent> newer = newer(after).map(Entry::event).toList();
			return new Replay(isGap(after), finalId(), newer);
		}

		synchronized HistoryPage page(@Nullable EventId after, int limit) {
			List<StoredEvent> newer = newer(after).limit(limit).map(Entry::stored).toList();
			return new HistoryPage(newer, isGap(after), finalId() != null);
		}

		synchronized Optional<TaskState> state(int followers) {
			Entry first = this.entries.peekFirst();
			Entry last = this.entries.peekLast();
			if (first == null || last == null) {
				return Optional.empty();
			}
			return Optional.of(new TaskState(this.entries.size(), first.event().id(), last.stored(), followers));
		}

		private Stream<Entry> newer(@Nullable EventId after) {
			return this.entries.stream().filter((entry) -> after == null || entry.event().id().isAfter(after));
		}

		private boolean isGap(@Nullable EventId after) {
			Entry first = this.entries.peekFirst();
			return GapRule.isGap(after, (first != null) ? first.event().id() : null, this.maxDeletedId);
		}

		private @Nullable EventId finalId() {
			Entry last = this.entries.peekLast();
			return (last != null && last.event().endsTask()) ? last.event().id() : null;
		}

		/**
		 * An event, ready to write, and its envelope, for the task API.
		 */
		private record Entry(TaskEvent event, Envelope envelope) {

			StoredEvent stored() {
				return new StoredEvent(this.event.id(), this.envelope);
			}

		}

	}

}
