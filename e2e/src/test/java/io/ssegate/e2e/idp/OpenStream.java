package io.ssegate.e2e.idp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A stream opened with a bearer token: the lines it received, and when it ended.
 */
final class OpenStream implements AutoCloseable {

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final HttpResponse<Stream<String>> response;

	private final CompletableFuture<Instant> ended;

	private OpenStream(HttpResponse<Stream<String>> response) {
		this.response = response;
		this.ended = CompletableFuture.supplyAsync(() -> {
			try (Stream<String> body = response.body()) {
				body.forEach(this.lines::add);
			}
			return Instant.now();
		});
	}

	static OpenStream open(HttpClient http, URI stream, String token) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(stream)
			.header("Authorization", "Bearer " + token)
			.header("Accept", "text/event-stream")
			.build();
		return new OpenStream(http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(30, TimeUnit.SECONDS));
	}

	int status() {
		return this.response.statusCode();
	}

	List<String> lines() {
		return List.copyOf(this.lines);
	}

	/**
	 * When the gateway ended the stream.
	 * @return the time, or empty while it is open
	 */
	Optional<Instant> endedAt() {
		return Optional.ofNullable(this.ended.getNow(null));
	}

	boolean isOpen() {
		return !this.ended.isDone();
	}

	@Override
	public void close() {
		this.ended.cancel(true);
		this.response.body().close();
	}

}
