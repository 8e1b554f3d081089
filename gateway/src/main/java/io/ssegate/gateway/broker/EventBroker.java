package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.ssegate.gateway.event.Replay;
import io.ssegate.protocol.EventId;
import org.jspecify.annotations.Nullable;

/**
 * Where events come from: stores each task's bounded history and delivers live events of
 * the tasks this node holds subscribers for to the {@link EventSink}, in order per task.
 */
public interface EventBroker {

	/**
	 * Take interest in a task's live events. Reference counted: every call must be paired
	 * with one {@link #release(String)}.
	 * @param taskId the task
	 * @return completes when live events of the task are being received; fails with a
	 * {@link BrokerUnavailableException} when that does not happen within the broker's
	 * timeout
	 */
	CompletableFuture<Void> acquire(String taskId);

	/**
	 * Give up interest taken with {@link #acquire(String)}; the last release stops
	 * receiving the task's events.
	 * @param taskId the task
	 */
	void release(String taskId);

	/**
	 * Read a task's history.
	 * @param taskId the task
	 * @param after the id after which to read, or {@code null} for the whole history
	 * @return the retained events after that id; fails with a
	 * {@link BrokerUnavailableException} when they cannot be read within the broker's
	 * timeout
	 */
	CompletableFuture<Replay> replay(String taskId, @Nullable EventId after);

	/**
	 * Append an event to its task's history and deliver it to every node.
	 * @param publication the event
	 * @return the event id and how many nodes it reached; fails with a
	 * {@link BrokerException} when the event was not stored (within the broker's timeout)
	 */
	CompletableFuture<Published> publish(Publication publication);

	/**
	 * Read what is known of a task: its history's bounds and last event, and how many
	 * streams follow it on every live node.
	 * @param taskId the task
	 * @return the state, or empty when the task has no history (never published to, or
	 * expired); fails with a {@link BrokerUnavailableException} when it cannot be read
	 * within the broker's timeout
	 */
	CompletableFuture<Optional<TaskState>> state(String taskId);

	/**
	 * Read part of a task's history, with the events' envelopes.
	 * @param taskId the task
	 * @param after the id after which to read, or {@code null} from the oldest event kept
	 * @param limit the most events to return
	 * @return the page; fails with a {@link BrokerUnavailableException} when it cannot be
	 * read within the broker's timeout
	 */
	CompletableFuture<HistoryPage> page(String taskId, @Nullable EventId after, int limit);

	/**
	 * Let an ended task's keys go sooner than their time to live: after {@code retention}
	 * at the latest (a shorter remaining time to live is kept).
	 * @param taskId the task
	 * @param retention how long late readers may still find it
	 * @return completes when done; fails with a {@link BrokerUnavailableException} when
	 * the broker does not answer within its timeout
	 */
	CompletableFuture<Void> forgetAfter(String taskId, Duration retention);

	/**
	 * Whether live delivery works now (for readiness).
	 * @return {@code true} when connected
	 */
	boolean isAvailable();

}
