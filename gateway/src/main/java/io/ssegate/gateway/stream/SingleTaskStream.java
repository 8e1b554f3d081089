package io.ssegate.gateway.stream;

import io.ssegate.gateway.event.SseFrame;
import io.ssegate.gateway.event.TaskEvent;
import io.ssegate.protocol.EventId;

/**
 * A stream of one task, as the seed design has it: each event's shared frame, with the
 * task's own event ids; the stream ends with the task.
 */
final class SingleTaskStream extends ClientStream {

	SingleTaskStream(StreamWriter writer) {
		super(writer);
	}

	@Override
	boolean deliver(TaskEvent event) {
		if (isEnding()) {
			return false;
		}
		writer().send(event.frame());
		return true;
	}

	@Override
	SseFrame gapSignal(String taskId, EventId after) {
		return SseFrame.gap(after);
	}

	@Override
	void taskEnded(TaskFollower follower) {
		writer().completeWhenDrained(StreamEnd.TASK_ENDED);
	}

}
