package io.ssegate.gateway.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ssegate.gateway.event.SseFrame;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockAsyncContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class StreamWriterTests {

	private static final SseFrame A = SseFrame.comment("a");

	private static final SseFrame B = SseFrame.comment("b");

	private static final SseFrame C = SseFrame.comment("c");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final FakeOutput output = new FakeOutput();

	private final AtomicInteger closed = new AtomicInteger();

	private final AtomicReference<@Nullable StreamEnd> reason = new AtomicReference<>();

	private MockAsyncContext context;

	private StreamWriter writer;

	@BeforeEach
	void setUp() {
		this.context = this.output.asyncContext();
		this.writer = writer(3);
	}

	private StreamWriter writer(int capacity) {
		StreamWriter writer = new StreamWriter(capacity, 60_000, new StreamMeters(this.meters));
		writer.whenClosed((reason) -> {
			this.closed.incrementAndGet();
			this.reason.set(reason);
		});
		return writer;
	}

	@Test
	void framesSentBeforeStartAreWrittenInOneWriteOnStart() throws IOException {
		this.writer.send(A);
		this.writer.send(B);
		assertThat(this.output.text()).isEmpty();
		this.writer.start(this.context);
		assertThat(this.output.text()).isEqualTo(": a\n\n: b\n\n");
		assertThat(this.output.writes).as("one write for both").isOne();
		assertThat(this.context.getTimeout()).isEqualTo(60_000);
	}

	@Test
	void frameIsWrittenAtOnceWhileTheSocketIsWritable() throws IOException {
		this.writer.start(this.context);
		this.writer.send(A);
		assertThat(this.output.text()).isEqualTo(": a\n\n");
		this.writer.send(B);
		assertThat(this.output.text()).isEqualTo(": a\n\n: b\n\n");
		assertThat(this.output.writes).isEqualTo(2);
	}

	@Test
	void framesWaitWhileTheSocketIsNotWritableAndGoOutTogetherWhenItIs() throws IOException {
		this.writer.start(this.context);
		this.output.ready = false;
		this.writer.send(A);
		this.writer.send(B);
		assertThat(this.output.text()).isEmpty();
		this.output.becomeWritable();
		assertThat(this.output.text()).isEqualTo(": a\n\n: b\n\n");
		assertThat(this.output.writes).as("one write for both").isOne();
		assertThat(this.closed).hasValue(0);
	}

	@Test
	void framesThatPiledUpAreWrittenInBatchesOfBoundedSize() throws IOException {
		StreamWriter writer = writer(100);
		writer.start(this.context);
		this.output.ready = false;
		SseFrame large = SseFrame.comment("x".repeat(StreamWriter.BATCH_BYTES / 2));
		writer.send(large);
		writer.send(A);
		writer.send(large);
		this.output.becomeWritable();
		assertThat(this.output.text()).isEqualTo(large.text() + A.text() + large.text());
		assertThat(this.output.writes).isEqualTo(2);
	}

	@Test
	void framesWaitForThePendingWriteAndGoOutTogetherWhenItCompletes() throws IOException {
		this.output.pendingAfterWrite = true;
		this.writer.start(this.context);
		this.writer.send(A);
		this.writer.send(B);
		this.writer.send(C);
		assertThat(this.output.text()).isEqualTo(": a\n\n");
		this.output.completeWrite();
		assertThat(this.output.text()).isEqualTo(": a\n\n: b\n\n: c\n\n");
		assertThat(this.output.writes).isEqualTo(2);
		this.output.completeWrite();
		assertThat(this.output.writes).isEqualTo(2);
	}

	@Test
	void clientThatLetsMoreThanCapacityFramesPileUpIsDisconnected() throws IOException {
		this.writer.start(this.context);
		this.output.ready = false;
		this.writer.send(A);
		this.writer.send(B);
		this.writer.send(C);
		assertThat(this.closed).hasValue(0);
		this.writer.send(A);
		assertThat(this.closed).hasValue(1);
		assertThat(this.meters.counter("ssegate.streams.slow.disconnects").count()).isOne();
		this.output.becomeWritable();
		assertThat(this.output.text()).isEmpty();
	}

	@Test
	void completeWhenDrainedWaitsForTheQueuedFrames() throws IOException {
		this.writer.start(this.context);
		this.output.ready = false;
		this.writer.send(A);
		this.writer.completeWhenDrained(StreamEnd.TASK_ENDED);
		assertThat(this.closed).hasValue(0);
		this.output.becomeWritable();
		assertThat(this.output.text()).isEqualTo(": a\n\n");
		assertThat(this.closed).hasValue(1);
		assertThat(this.reason).hasValue(StreamEnd.TASK_ENDED);
	}

	@Test
	void streamClosedBeforeStartCompletesTheResponseOnStart() throws IOException {
		this.writer.send(A);
		this.writer.completeNow(StreamEnd.CLIENT_GONE);
		assertThat(this.closed).hasValue(1);
		this.writer.start(this.context);
		assertThat(this.context.getRequest().isAsyncStarted()).as("async started").isFalse();
		assertThat(this.output.listener).isNull();
		assertThat(this.output.text()).isEmpty();
	}

	@Test
	void failedWriteClosesTheStreamOnce() throws IOException {
		this.writer.start(this.context);
		this.output.failing = true;
		this.writer.send(A);
		this.writer.send(B);
		assertThat(this.closed).hasValue(1);
		assertThat(this.reason).hasValue(StreamEnd.CLIENT_GONE);
	}

	@Test
	void timeoutCompletesTheStream() throws IOException {
		this.writer.start(this.context);
		lifecycle().onTimeout(new AsyncEvent(this.context));
		assertThat(this.closed).hasValue(1);
		assertThat(this.reason).hasValue(StreamEnd.TIMEOUT);
		assertThat(this.output.completions).as("completed by the container's thread only").isOne();
	}

	@Test
	void timeoutCompletesTheResponseEvenIfAnotherThreadCompletedItMeanwhile() throws IOException {
		this.writer.start(this.context);
		this.writer.completeNow(StreamEnd.CLIENT_GONE);
		lifecycle().onTimeout(new AsyncEvent(this.context));
		assertThat(this.closed).hasValue(1);
		assertThat(this.reason).as("the first reason wins").hasValue(StreamEnd.CLIENT_GONE);
		assertThat(this.output.completions).isEqualTo(2);
	}

	@Test
	void completeWhenDrainedBeforeStartWritesTheQueueOnStartThenCompletes() throws IOException {
		this.writer.send(A);
		this.writer.completeWhenDrained(StreamEnd.TASK_ENDED);
		this.writer.send(B);
		assertThat(this.closed).hasValue(0);
		this.writer.start(this.context);
		assertThat(this.output.text()).isEqualTo(": a\n\n: b\n\n");
		assertThat(this.closed).hasValue(1);
		assertThat(this.output.completions).isOne();
	}

	@Test
	void completeWhenDrainedWithNothingQueuedCompletesAtOnce() throws IOException {
		this.writer.start(this.context);
		this.writer.completeWhenDrained(StreamEnd.TASK_ENDED);
		assertThat(this.closed).hasValue(1);
		assertThat(this.output.completions).isOne();
		assertThat(this.context.getRequest().isAsyncStarted()).as("async started").isFalse();
	}

	@Test
	void completeWhenDrainedWaitsForThePendingWrite() throws IOException {
		this.output.pendingAfterWrite = true;
		this.writer.start(this.context);
		this.writer.send(A);
		this.writer.send(B);
		this.writer.completeWhenDrained(StreamEnd.TASK_ENDED);
		assertThat(this.closed).hasValue(0);
		this.output.completeWrite();
		assertThat(this.closed).hasValue(0);
		this.output.completeWrite();
		assertThat(this.output.text()).isEqualTo(": a\n\n: b\n\n");
		assertThat(this.closed).hasValue(1);
	}

	@Test
	void completeNowDropsTheQueueAndCompletesTheResponseOnce() throws IOException {
		this.writer.start(this.context);
		this.output.ready = false;
		this.writer.send(A);
		this.writer.completeNow(StreamEnd.CLIENT_GONE);
		this.writer.completeNow(StreamEnd.CLIENT_GONE);
		this.writer.completeWhenDrained(StreamEnd.TASK_ENDED);
		this.writer.send(B);
		this.output.becomeWritable();
		assertThat(this.output.text()).isEmpty();
		assertThat(this.closed).hasValue(1);
		assertThat(this.output.completions).isOne();
	}

	@Test
	void slowClientDisconnectCompletesTheResponse() throws IOException {
		StreamWriter writer = writer(1);
		writer.start(this.context);
		this.output.ready = false;
		writer.send(A);
		writer.send(B);
		assertThat(this.closed).hasValue(1);
		assertThat(this.reason).hasValue(StreamEnd.SLOW_CLIENT);
		assertThat(this.output.completions).isOne();
	}

	@Test
	void responseCompletedByTheContainerClosesTheStreamWithoutCompletingItAgain() throws IOException {
		this.writer.start(this.context);
		lifecycle().onComplete(new AsyncEvent(this.context));
		assertThat(this.closed).hasValue(1);
		assertThat(this.output.completions).isZero();
		this.writer.send(A);
		assertThat(this.output.text()).isEmpty();
	}

	@Test
	void responseErrorClosesTheStream() throws IOException {
		this.writer.start(this.context);
		lifecycle().onError(new AsyncEvent(this.context, new IOException("reset")));
		assertThat(this.closed).hasValue(1);
		assertThat(this.output.completions).isOne();
	}

	@Test
	void writeErrorClosesTheStream() throws IOException {
		this.writer.start(this.context);
		this.output.listener.onError(new IOException("reset"));
		assertThat(this.closed).hasValue(1);
		assertThat(this.output.completions).isOne();
	}

	@Test
	void failedWriteCompletesTheResponse() throws IOException {
		this.writer.start(this.context);
		this.output.failing = true;
		this.writer.send(A);
		assertThat(this.output.completions).isOne();
	}

	@Test
	void streamClosedWhileItsWriteListenerIsSetStartsQuietly() throws IOException {
		this.writer.send(A);
		this.output.onSetWriteListener = () -> {
			this.writer.completeNow(StreamEnd.CLIENT_GONE);
			throw new IllegalStateException("Response completed");
		};
		this.writer.start(this.context);
		assertThat(this.closed).hasValue(1);
		assertThat(this.output.completions).isOne();
		assertThat(this.output.text()).isEmpty();
	}

	@Test
	void writeListenerRejectedOnAnOpenStreamFailsTheStart() {
		this.output.onSetWriteListener = () -> {
			throw new IllegalStateException("Not async");
		};
		assertThatIllegalStateException().isThrownBy(() -> this.writer.start(this.context));
		assertThat(this.closed).hasValue(0);
	}

	@Test
	void responseIsCompletedOutsideTheLock() throws IOException {
		this.writer.start(this.context);
		this.output.onComplete = () -> assertThat(CompletableFuture.runAsync(() -> this.writer.send(A)))
			.as("another thread takes the lock meanwhile")
			.succeedsWithin(Duration.ofSeconds(5));
		this.writer.completeNow(StreamEnd.CLIENT_GONE);
		assertThat(this.output.completions).isOne();
	}

	@Test
	void failingClosedActionStillCompletesTheResponse() throws IOException {
		this.writer.whenClosed((reason) -> {
			throw new IllegalStateException("boom");
		});
		this.writer.start(this.context);
		this.writer.completeNow(StreamEnd.CLIENT_GONE);
		assertThat(this.output.completions).isOne();
	}

	@Test
	void startRegistersOneLifecycleListener() throws IOException {
		this.writer.start(this.context);
		assertThat(this.context.getListeners()).singleElement().isInstanceOf(StreamLifecycle.class);
	}

	private AsyncListener lifecycle() {
		return this.context.getListeners().get(0);
	}

}
