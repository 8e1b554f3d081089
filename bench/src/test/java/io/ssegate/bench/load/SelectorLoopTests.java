package io.ssegate.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class SelectorLoopTests {

	private final List<String> calls = new CopyOnWriteArrayList<>();

	@Test
	void callRunsTheActionOnTheLoopsThreadAndReturnsItsResult() {
		try (SelectorLoop<String> loop = new SelectorLoop<>()) {
			loop.start("test-loop", new RecordingHandler());
			assertThat(loop.call(() -> Thread.currentThread().getName())).isEqualTo("test-loop");
		}
	}

	@Test
	void callRethrowsWhatTheActionThrew() {
		try (SelectorLoop<String> loop = new SelectorLoop<>()) {
			loop.start("test-loop", new RecordingHandler());
			assertThatIllegalStateException().isThrownBy(() -> loop.call(() -> {
				throw new IllegalArgumentException("boom");
			})).withCauseInstanceOf(IllegalArgumentException.class);
		}
	}

	@Test
	void timersRunInTheOrderTheyAreDueAndCancelledOnesNever() {
		try (SelectorLoop<String> loop = new SelectorLoop<>()) {
			loop.start("test-loop", new RecordingHandler());
			loop.call(() -> {
				loop.schedule(TimeUnit.MILLISECONDS.toNanos(60), () -> this.calls.add("second"));
				loop.schedule(TimeUnit.MILLISECONDS.toNanos(20), () -> this.calls.add("first"));
				return null;
			});
			await().atMost(Duration.ofSeconds(5)).until(() -> this.calls.contains("second"));
			assertThat(this.calls).containsExactly("first", "second");
			loop.call(() -> {
				loop.schedule(TimeUnit.MILLISECONDS.toNanos(20), () -> this.calls.add("cancelled"));
				loop.cancelTimers();
				return null;
			});
			await().during(Duration.ofMillis(200))
				.atMost(Duration.ofSeconds(1))
				.until(() -> !this.calls.contains("cancelled"));
		}
	}

	@Test
	void whatTheHandlerThrowsForAKeyGoesToOnFailureWithTheAttachment() throws IOException {
		try (ServerSocket server = new ServerSocket(0); SelectorLoop<String> loop = new SelectorLoop<>()) {
			loop.start("test-loop", new RecordingHandler());
			TcpConnection connection = new TcpConnection();
			loop.call(() -> {
				try {
					connection.connect(loop, new InetSocketAddress("127.0.0.1", server.getLocalPort()),
							SelectionKey.OP_WRITE, "a");
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				return null;
			});
			await().atMost(Duration.ofSeconds(5)).until(() -> this.calls.contains("failure a"));
			assertThat(this.calls.get(0)).isIn("connectable a", "writable a");
			loop.call(() -> {
				connection.close();
				return null;
			});
		}
	}

	@Test
	void handlerClosesWhatIsLeftOnceTheLoopStopped() {
		try (SelectorLoop<String> loop = new SelectorLoop<>()) {
			loop.start("test-loop", new RecordingHandler());
			loop.call(() -> null);
			assertThat(this.calls).isEmpty();
		}
		assertThat(this.calls).containsExactly("after stop");
	}

	private final class RecordingHandler implements SelectorLoop.Handler<String> {

		@Override
		public void beforeSelect() {
		}

		@Override
		public void onConnectable(String attachment) throws IOException {
			SelectorLoopTests.this.calls.add("connectable " + attachment);
			throw new IOException("Connection reset");
		}

		@Override
		public void onWritable(String attachment) throws IOException {
			SelectorLoopTests.this.calls.add("writable " + attachment);
			throw new IOException("Connection reset");
		}

		@Override
		public void onReadable(String attachment) {
			SelectorLoopTests.this.calls.add("readable " + attachment);
		}

		@Override
		public void onFailure(String attachment) {
			SelectorLoopTests.this.calls.add("failure " + attachment);
		}

		@Override
		public void afterStop() {
			SelectorLoopTests.this.calls.add("after stop");
		}

	}

}
