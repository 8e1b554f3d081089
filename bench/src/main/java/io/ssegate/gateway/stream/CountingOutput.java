package io.ssegate.gateway.stream;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A non-blocking output whose socket is always writable and whose writes only count.
 */
final class CountingOutput extends ServletOutputStream {

	long bytes;

	/**
	 * A started asynchronous response whose output is this one.
	 * @return the response's asynchronous context
	 */
	MockAsyncContext asyncContext() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setAsyncSupported(true);
		request.startAsync();
		return new MockAsyncContext(request, new HttpServletResponseWrapper(new MockHttpServletResponse()) {

			@Override
			public ServletOutputStream getOutputStream() {
				return CountingOutput.this;
			}

		});
	}

	@Override
	public boolean isReady() {
		return true;
	}

	@Override
	public void setWriteListener(WriteListener listener) {
		try {
			listener.onWritePossible();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void write(int b) {
		this.bytes++;
	}

	@Override
	public void write(byte[] data, int offset, int length) {
		this.bytes += length;
	}

}
