package io.ssegate.gateway.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container's non-blocking output, with the rules Jetty enforces: a write must follow
 * an {@code isReady()} that returned {@code true}; while a write is pending,
 * {@code isReady()} returns {@code false}, and the listener is called once it completes.
 */
final class FakeOutput extends ServletOutputStream {

	private final ByteArrayOutputStream written = new ByteArrayOutputStream();

	/** Whether the socket takes data at all. */
	boolean ready = true;

	/** Whether each write stays pending until {@link #completeWrite()}. */
	boolean pendingAfterWrite;

	boolean failing;

	int writes;

	final Set<String> threads = ConcurrentHashMap.newKeySet();

	WriteListener listener;

	/** Run when the write listener is set, before it is. */
	Runnable onSetWriteListener = () -> {
	};

	/** How many times the response was completed. */
	int completions;

	/** Run each time the response is completed, before the container's listeners. */
	Runnable onComplete = () -> {
	};

	private boolean pending;

	private boolean readyChecked;

	@Override
	public synchronized boolean isReady() {
		assertThat(this.listener).as("used before the write listener is set").isNotNull();
		this.readyChecked = this.ready && !this.pending;
		return this.readyChecked;
	}

	@Override
	public void setWriteListener(WriteListener listener) {
		this.onSetWriteListener.run();
		this.listener = listener;
		becomeWritable();
	}

	@Override
	public void write(int b) throws IOException {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public void write(ByteBuffer buffer) throws IOException {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		write(bytes, 0, bytes.length);
	}

	@Override
	public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
		assertThat(this.listener).as("used before the write listener is set").isNotNull();
		if (this.failing) {
			throw new IOException("Broken pipe");
		}
		assertThat(this.readyChecked).as("written without isReady() == true since the last write").isTrue();
		this.readyChecked = false;
		this.pending = this.pendingAfterWrite;
		this.written.write(bytes, offset, length);
		this.writes++;
		this.threads.add(Thread.currentThread().getName());
	}

	void becomeWritable() {
		this.ready = true;
		notifyListener();
	}

	void completeWrite() {
		synchronized (this) {
			this.pending = false;
		}
		notifyListener();
	}

	private void notifyListener() {
		try {
			this.listener.onWritePossible();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String text() {
		return this.written.toString(StandardCharsets.UTF_8);
	}

	/**
	 * An asynchronous context whose response writes to this output, and that counts its
	 * completions.
	 * @return the context, started
	 */
	MockAsyncContext asyncContext() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setAsyncSupported(true);
		request.startAsync();
		return new MockAsyncContext(request, new HttpServletResponseWrapper(new MockHttpServletResponse()) {

			@Override
			public ServletOutputStream getOutputStream() {
				return FakeOutput.this;
			}

		}) {

			@Override
			public void complete() {
				FakeOutput.this.completions++;
				FakeOutput.this.onComplete.run();
				super.complete();
			}

		};
	}

}
