package io.ssegate.notifier.autoconfigure;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ssegate.notifier.Notifier;
import io.ssegate.notifier.NotifierException;
import io.ssegate.notifier.NotifierOptions;
import io.ssegate.notifier.NotifyEvent;
import io.ssegate.notifier.Receipt;
import io.ssegate.notifier.TaskNotification;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Notifier} that records what it is asked to publish, or fails with a given
 * exception.
 */
final class RecordingNotifier implements Notifier {

	private final List<TaskNotification> published = new CopyOnWriteArrayList<>();

	private final @Nullable NotifierException failure;

	private RecordingNotifier(@Nullable NotifierException failure) {
		this.failure = failure;
	}

	static RecordingNotifier recording() {
		return new RecordingNotifier(null);
	}

	static RecordingNotifier failingWith(NotifierException failure) {
		return new RecordingNotifier(failure);
	}

	List<TaskNotification> published() {
		return List.copyOf(this.published);
	}

	@Override
	public String publish(String taskId, NotifyEvent event) {
		if (this.failure != null) {
			throw this.failure;
		}
		this.published.add(new TaskNotification(taskId, event));
		return this.published.size() + "-0";
	}

	@Override
	public CompletionStage<String> publishAsync(String taskId, NotifyEvent event) {
		return CompletableFuture.completedFuture(publish(taskId, event));
	}

	@Override
	public CompletionStage<Receipt> publishWithReceiptAsync(String taskId, NotifyEvent event) {
		return CompletableFuture.completedFuture(new Receipt(publish(taskId, event), 0));
	}

	@Override
	public NotifierOptions options() {
		return NotifierOptions.create();
	}

	@Override
	public void close() {
	}

}
