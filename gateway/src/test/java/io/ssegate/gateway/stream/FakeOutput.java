package io.ssegate.gateway.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * A container's non-blocking output: refuses writes while not ready, as containers do.
 */
final class FakeOutput extends ServletOutputStream {

	private final ByteArrayOutputStream written = new ByteArrayOutputStream();

	boolean ready = true;

	boolean failing;

	int writes;

	final Set<String> threads = ConcurrentHashMap.newKeySet();

	WriteListener listener;

	@Override
	public boolean isReady() {
		return this.ready;
	}

	@Override
	public void setWriteListener(WriteListener listener) {
		this.listener = listener;
		becomeWritable();
	}

	@Override
	public void write(int b) throws IOException {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		if (this.failing) {
			throw new IOException("Broken pipe");
		}
		assertThat(this.ready).as("written while not ready").isTrue();
		this.written.write(bytes, offset, length);
		this.writes++;
		this.threads.add(Thread.currentThread().getName());
	}

	void becomeWritable() {
		this.ready = true;
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
	 * An asynchronous context whose response writes to this output.
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

		});
	}

}
