package io.ssegate.gateway.broker;

import io.ssegate.gateway.event.Replay;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.protocol.EventId;

/**
 * Receives what an {@link EventBroker} delivers to this node. Implementations never block
 * and never throw: they are called on the broker's I/O thread.
 */
public interface EventSink {

	/**
	 * A live event of a task this node subscribed to.
	 * @param event the event
	 */
	void deliver(TaskEvent event);

	/**
	 * Live delivery stopped (the broker lost its connection): hold live events until
	 * {@link #resume(String, Replay)}.
	 */
	void suspend();

	/**
	 * Live delivery of one task may have missed events: hold its live events until
	 * {@link #resume(String, Replay)} (or {@link #abandon(String)}).
	 * @param taskId the task
	 */
	void suspend(String taskId);

	/**
	 * The id from which a task must be re-read after a suspension: the oldest id any
	 * local subscriber of the task has received.
	 * @param taskId the task
	 * @return the id to replay after
	 */
	EventId resumePoint(String taskId);

	/**
	 * Live delivery is back: deliver what the history holds, then what was held.
	 * @param taskId the task
	 * @param replay the history after {@link #resumePoint(String)}
	 */
	void resume(String taskId, Replay replay);

	/**
	 * A task could not be re-read: end its local streams so that clients reconnect and
	 * resume with {@code Last-Event-ID}.
	 * @param taskId the task
	 */
	void abandon(String taskId);

}
