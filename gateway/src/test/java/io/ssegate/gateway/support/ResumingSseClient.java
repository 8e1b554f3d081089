package io.ssegate.gateway.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static java.util.stream.Collectors.joining;

/**
 * Follows a task the way {@code EventSource} does behind a round-robin load balancer:
 * when a stream ends or fails, it reconnects to the next node with {@code Last-Event-ID},
 * and stops for good on {@code 204 No Content}.
 */
public final class ResumingSseClient implements AutoCloseable {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT_TYPE = new ParameterizedTypeReference<>() {
	};

	private static final int MAX_CONNECTIONS = 50;

	private static final Duration RECONNECT_DELAY = Duration.ofMillis(100);

	private final WebClient client = WebClient.builder().clientConnector(new ReactorClientHttpConnector()).build();

	private final List<String> nodes;

	private final List<String> taskIds;

	private final List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private volatile @Nullable String lastEventId;

	private volatile boolean finished;

	private volatile @Nullable Disposable current;

	private ResumingSseClient(List<String> nodes, List<String> taskIds) {
		this.nodes = nodes;
		this.taskIds = taskIds;
	}

	/**
	 * Start following a task, first on {@code nodes.get(0)}.
	 * @param nodes the nodes' base URLs, in the order the balancer hands them out
	 * @param taskId the task
	 * @return the client
	 */
	public static ResumingSseClient follow(List<String> nodes, String taskId) {
		return follow(nodes, List.of(taskId));
	}

	/**
	 * Start following several tasks on one stream, first on {@code nodes.get(0)}.
	 * @param nodes the nodes' base URLs, in the order the balancer hands them out
	 * @param taskIds the tasks
	 * @return the client
	 */
	public static ResumingSseClient follow(List<String> nodes, List<String> taskIds) {
		ResumingSseClient client = new ResumingSseClient(nodes, taskIds);
		client.connect();
		return client;
	}

	private void connect() {
		int attempt = this.connections.getAndIncrement();
		if (attempt >= MAX_CONNECTIONS) {
			return;
		}
		String node = this.nodes.get(attempt % this.nodes.size());
		Flux<ServerSentEvent<String>> events = this.client.get()
			.uri(node + "/sse/register?"
					+ this.taskIds.stream().map((taskId) -> "taskId=" + taskId).collect(joining("&")))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> {
				if (this.lastEventId != null) {
					headers.set("Last-Event-ID", this.lastEventId);
				}
			})
			.exchangeToFlux((response) -> {
				if (response.statusCode() == HttpStatus.NO_CONTENT) {
					this.finished = true;
					return Flux.empty();
				}
				if (!response.statusCode().is2xxSuccessful()) {
					return response.releaseBody()
						.thenMany(Flux.error(new IllegalStateException("HTTP " + response.statusCode())));
				}
				return response.bodyToFlux(EVENT_TYPE);
			});
		this.current = events.subscribe(this::record, (error) -> reconnectLater(), this::reconnectLater);
	}

	private void record(ServerSentEvent<String> event) {
		this.received.add(event);
		if (event.id() != null) {
			this.lastEventId = event.id();
		}
	}

	private void reconnectLater() {
		if (!this.finished) {
			Mono.delay(RECONNECT_DELAY).subscribe((tick) -> connect());
		}
	}

	/**
	 * The data of the events received, in order, over every connection.
	 * @return the data
	 */
	public List<String> data() {
		return this.received.stream().filter((event) -> event.id() != null).map(ServerSentEvent::data).toList();
	}

	/**
	 * The id of the last event received.
	 * @return the id, or {@code null} before the first event
	 */
	public @Nullable String lastEventId() {
		return this.lastEventId;
	}

	/**
	 * Whether a {@code retry:} hint was received.
	 * @return {@code true} if one was
	 */
	public boolean receivedRetryHint() {
		return this.received.stream().anyMatch((event) -> event.retry() != null && event.data() == null);
	}

	/**
	 * How many connections were opened.
	 * @return the count
	 */
	public int connections() {
		return this.connections.get();
	}

	/**
	 * Whether the server said the task is over (204).
	 * @return {@code true} once finished
	 */
	public boolean isFinished() {
		return this.finished;
	}

	@Override
	public void close() {
		this.finished = true;
		Disposable disposable = this.current;
		if (disposable != null) {
			disposable.dispose();
		}
	}

}
