package io.ssegate.bench.load;

/**
 * Publishes benchmark events to the system under test, without blocking the caller for
 * long. Events of one task must reach the system in the order they were published.
 */
interface EventPublisher extends AutoCloseable {

	/**
	 * Publish an event.
	 * @param task the task's index
	 * @param taskId the task id
	 * @param payload the event's data
	 * @param done called once with whether the system stored the event
	 */
	void publish(int task, String taskId, String payload, Completion done);

	@Override
	void close();

	/**
	 * The outcome of one publish.
	 */
	@FunctionalInterface
	interface Completion {

		/**
		 * Called once per publish, on any thread.
		 * @param stored whether the system accepted the event
		 */
		void completed(boolean stored);

	}

}
