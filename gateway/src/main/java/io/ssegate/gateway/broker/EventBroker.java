package io.ssegate.gateway.broker;

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
	 * @return the event id; fails with a {@link BrokerException} when the event was not
	 * stored (within the broker's timeout)
	 */
	CompletableFuture<String> publish(Publication publication);

	/**
	 * Whether live delivery works now (for readiness).
	 * @return {@code true} when connected
	 */
	boolean isAvailable();

}
