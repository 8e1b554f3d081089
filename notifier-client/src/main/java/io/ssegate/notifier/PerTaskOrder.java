package io.ssegate.notifier;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Runs the asynchronous operations of one task one at a time, in call order; those of
 * different tasks run side by side. A task's next publish is sent only once the previous
 * one is answered, so that a publish re-sent after {@code NOSCRIPT} (Redis restarted or
 * failed over and lost its script cache) cannot be overtaken by a later one.
 */
final class PerTaskOrder {

	private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

	private final ConcurrentMap<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

	/**
	 * Start an operation once the task's previous one, if any, has completed.
	 * @param <T> the result type
	 * @param taskId the task
	 * @param operation starts the operation
	 * @return its result
	 */
	<T> CompletableFuture<T> run(String taskId, Supplier<CompletableFuture<T>> operation) {
		CompletableFuture<T> result = new CompletableFuture<>();
		CompletableFuture<?> previous = this.tails.put(taskId, result);
		((previous != null) ? previous : DONE).whenComplete((ignored, failure) -> start(operation, result));
		result.whenComplete((value, failure) -> this.tails.remove(taskId, result));
		return result;
	}

	private static <T> void start(Supplier<CompletableFuture<T>> operation, CompletableFuture<T> result) {
		try {
			operation.get().whenComplete((value, failure) -> {
				if (failure != null) {
					result.completeExceptionally(failure);
				}
				else {
					result.complete(value);
				}
			});
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(ex);
		}
	}

}
