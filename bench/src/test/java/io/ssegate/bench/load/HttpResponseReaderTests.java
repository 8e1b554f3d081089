package io.ssegate.bench.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpResponseReaderTests {

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	private final HttpResponseReader reader = new HttpResponseReader(this.body::write);

	@Test
	void readsAChunkedBodyFedOneByteAtATime() {
		byte[] response = """
				HTTP/1.1 200 \r
				Content-Type: text/event-stream\r
				Transfer-Encoding: chunked\r
				\r
				5\r
				hello\r
				7;ext=1\r
				, world\r
				0\r
				\r
				""".getBytes(StandardCharsets.US_ASCII);
		for (byte b : response) {
			this.reader.read(new byte[] { b }, 0, 1);
		}
		assertThat(this.reader.status()).isEqualTo(200);
		assertThat(this.reader.isComplete()).isTrue();
		assertThat(this.body.toString(StandardCharsets.US_ASCII)).isEqualTo("hello, world");
	}

	@Test
	void stopsAtTheEndOfAFixedLengthBody() {
		byte[] response = "HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1"
			.getBytes(StandardCharsets.US_ASCII);
		int consumed = this.reader.read(response, 0, response.length);
		assertThat(consumed).isEqualTo(response.length - "HTTP/1.1".length());
		assertThat(this.reader.isComplete()).isTrue();
		assertThat(this.reader.closesConnection()).isFalse();
		assertThat(this.body.toString(StandardCharsets.US_ASCII)).isEqualTo("{}");
	}

	@Test
	void passesACloseDelimitedBodyOnAsItArrives() {
		feed("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: a\n\n");
		assertThat(this.reader.isHeadComplete()).isTrue();
		assertThat(this.reader.isComplete()).isFalse();
		assertThat(this.reader.closesConnection()).isTrue();
		assertThat(this.body.toString(StandardCharsets.US_ASCII)).isEqualTo("data: a\n\n");
	}

	@Test
	void noContentHasNoBody() {
		feed("HTTP/1.1 204 \r\nDate: now\r\n\r\n");
		assertThat(this.reader.status()).isEqualTo(204);
		assertThat(this.reader.isComplete()).isTrue();
	}

	@Test
	void resetReadsTheNextResponseOnTheConnection() {
		feed("HTTP/1.1 503 \r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
		assertThat(this.reader.closesConnection()).isTrue();
		this.reader.reset();
		feed("HTTP/1.1 202 \r\nContent-Length: 0\r\n\r\n");
		assertThat(this.reader.status()).isEqualTo(202);
		assertThat(this.reader.isComplete()).isTrue();
	}

	private void feed(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		this.reader.read(bytes, 0, bytes.length);
	}

}
