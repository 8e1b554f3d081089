package io.ssegate.notifier;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PerTaskOrderTests {

	private final PerTaskOrder order = new PerTaskOrder();

	@Test
	void nextOperationOfATaskStartsOnlyOnceThePreviousOneCompleted() {
		CompletableFuture<String> first = new CompletableFuture<>();
		AtomicBoolean secondStarted = new AtomicBoolean();
		CompletableFuture<String> firstResult = this.order.run("t", () -> first);
		CompletableFuture<String> secondResult = this.order.run("t", () -> {
			secondStarted.set(true);
			return CompletableFuture.completedFuture("b");
		});
		assertThat(secondStarted).isFalse();
		assertThat(secondResult).isNotDone();

		first.complete("a");

		assertThat(firstResult).isCompletedWithValue("a");
		assertThat(secondStarted).isTrue();
		assertThat(secondResult).isCompletedWithValue("b");
	}

	@Test
	void operationsOfOtherTasksDoNotWait() {
		this.order.run("t", CompletableFuture::new);

		assertThat(this.order.run("u", () -> CompletableFuture.completedFuture("u"))).isCompletedWithValue("u");
	}

	@Test
	void failedOperationFailsItsResultAndLetsTheNextOneRun() {
		CompletableFuture<String> first = new CompletableFuture<>();
		CompletableFuture<String> firstResult = this.order.run("t", () -> first);
		CompletableFuture<String> secondResult = this.order.run("t", () -> CompletableFuture.completedFuture("b"));

		first.completeExceptionally(new IllegalStateException("boom"));

		assertThat(firstResult).isCompletedExceptionally();
		assertThat(secondResult).isCompletedWithValue("b");
	}

	@Test
	void operationThatThrowsFailsItsResult() {
		CompletableFuture<String> result = this.order.run("t", () -> {
			throw new IllegalStateException("boom");
		});

		assertThat(result).isCompletedExceptionally();
		assertThat(this.order.run("t", () -> CompletableFuture.completedFuture("next"))).isCompletedWithValue("next");
	}

}
