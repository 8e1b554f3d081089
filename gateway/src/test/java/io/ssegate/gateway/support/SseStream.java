package io.ssegate.gateway.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static java.util.stream.Collectors.joining;
import static org.awaitility.Awaitility.await;

/**
 * A real SSE client on one stream of a gateway node, recording what it receives.
 */
public final class SseStream implements AutoCloseable {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT_TYPE = new ParameterizedTypeReference<>() {
	};

	private static final WebClient client = WebClient.builder()
		.clientConnector(new ReactorClientHttpConnector())
		.build();

	private final List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();

	private final AtomicReference<@Nullable String> outcome = new AtomicReference<>();

	private final Disposable subscription;

	private SseStream(String baseUrl, List<String> taskIds, @Nullable String lastEventId) {
		this.subscription = client.get()
			.uri(baseUrl + "/sse/register?"
					+ taskIds.stream().map((taskId) -> "taskId=" + taskId).collect(joining("&")))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> {
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.retrieve()
			.bodyToFlux(EVENT_TYPE)
			.subscribe(this.received::add, (error) -> this.outcome.set("error: " + error),
					() -> this.outcome.set("completed"));
	}

	/**
	 * Open a stream and wait until the server has sent its opening frame.
	 * @param baseUrl the node's base URL
	 * @param taskId the task
	 * @return the stream
	 */
	public static SseStream open(String baseUrl, String taskId) {
		return open(baseUrl, taskId, null);
	}

	/**
	 * Open a stream resuming after an id and wait until the server has sent its opening
	 * frame.
	 * @param baseUrl the node's base URL
	 * @param taskId the task
	 * @param lastEventId the {@code Last-Event-ID} to send, or {@code null}
	 * @return the stream
	 */
	public static SseStream open(String baseUrl, String taskId, @Nullable String lastEventId) {
		return open(baseUrl, List.of(taskId), lastEventId);
	}

	/**
	 * Open a stream of several tasks, resuming after an id, and wait until the server has
	 * sent its opening frame.
	 * @param baseUrl the node's base URL
	 * @param taskIds the tasks
	 * @param lastEventId the {@code Last-Event-ID} to send, or {@code null}
	 * @return the stream
	 */
	public static SseStream open(String baseUrl, List<String> taskIds, @Nullable String lastEventId) {
		SseStream stream = new SseStream(baseUrl, taskIds, lastEventId);
		await().atMost(Duration.ofSeconds(10)).until(stream::hasStarted);
		return stream;
	}

	/**
	 * Open many streams of one task at once and wait until the server has sent each its
	 * opening frame.
	 * @param baseUrl the node's base URL
	 * @param taskId the task
	 * @param count how many streams
	 * @return the streams
	 */
	public static List<SseStream> openAll(String baseUrl, String taskId, int count) {
		List<SseStream> streams = IntStream.range(0, count)
			.mapToObj((i) -> new SseStream(baseUrl, List.of(taskId), null))
			.toList();
		await().atMost(Duration.ofSeconds(20)).until(() -> streams.stream().allMatch(SseStream::hasStarted));
		return streams;
	}

	private boolean hasStarted() {
		return !this.received.isEmpty() || this.outcome.get() != null;
	}

	/**
	 * The events received so far (frames with data), without comments and retry hints.
	 * @return the events
	 */
	public List<ServerSentEvent<String>> events() {
		return this.received.stream().filter((event) -> event.data() != null).toList();
	}

	/**
	 * The data of the events with an id, in arrival order.
	 * @return the data
	 */
	public List<String> data() {
		return events().stream().filter((event) -> event.id() != null).map(ServerSentEvent::data).toList();
	}

	/**
	 * The ids of the events received.
	 * @return the ids
	 */
	public List<String> ids() {
		return events().stream().map(ServerSentEvent::id).filter((id) -> id != null).toList();
	}

	/**
	 * Everything received, comments and retry hints included.
	 * @return the raw events
	 */
	public List<ServerSentEvent<String>> raw() {
		return List.copyOf(this.received);
	}

	/**
	 * Whether the server ended the stream normally.
	 * @return {@code true} once completed
	 */
	public boolean isCompleted() {
		return "completed".equals(this.outcome.get());
	}

	/**
	 * How the stream ended, or {@code null} while it is open.
	 * @return the outcome
	 */
	public @Nullable String outcome() {
		return this.outcome.get();
	}

	/**
	 * Disconnect, as a closed browser tab would.
	 */
	@Override
	public void close() {
		this.subscription.dispose();
	}

}
