package io.ssegate.gateway.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntToLongFunction;

import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A real SSE client that follows one task whose events carry sequence numbers as data,
 * and records when each arrived: for counting losses, duplicates, reordering and the
 * longest time without events.
 */
final class NumberedStream implements AutoCloseable {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT_TYPE = new ParameterizedTypeReference<>() {
	};

	/** No pooling: every stream holds its own connection for as long as it lives. */
	private static final WebClient client = WebClient.builder()
		.clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
		.build();

	private final String taskId;

	private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

	private volatile boolean opened;

	private volatile boolean ended;

	private final Disposable subscription;

	NumberedStream(String baseUrl, String taskId) {
		this.taskId = taskId;
		this.subscription = client.get()
			.uri(baseUrl + "/sse/register?taskId={taskId}", taskId)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(EVENT_TYPE)
			.subscribe(this::receive, (error) -> this.ended = true, () -> this.ended = true);
	}

	private void receive(ServerSentEvent<String> event) {
		this.opened = true;
		if (event.data() != null && event.id() != null) {
			this.arrivals.add(new Arrival(Integer.parseInt(event.data()), System.nanoTime()));
		}
	}

	String taskId() {
		return this.taskId;
	}

	boolean isOpen() {
		return this.opened && !this.ended;
	}

	boolean hasEnded() {
		return this.ended;
	}

	int count() {
		return this.arrivals.size();
	}

	List<Integer> numbers() {
		return this.arrivals.stream().map(Arrival::number).toList();
	}

	/**
	 * The longest time from an event's confirmation to its arrival here.
	 * @param confirmedAt when an event number was confirmed stored, in
	 * {@link System#nanoTime()}
	 * @return the longest delay
	 */
	Duration longestDelay(IntToLongFunction confirmedAt) {
		long longest = 0;
		for (Arrival arrival : this.arrivals) {
			longest = Math.max(longest, arrival.nanos() - confirmedAt.applyAsLong(arrival.number()));
		}
		return Duration.ofNanos(longest);
	}

	/**
	 * The longest time between two events.
	 * @return the longest gap
	 */
	Duration longestGap() {
		List<Long> times = new ArrayList<>(this.arrivals.stream().map(Arrival::nanos).toList());
		long longest = 0;
		for (int i = 1; i < times.size(); i++) {
			longest = Math.max(longest, times.get(i) - times.get(i - 1));
		}
		return Duration.ofNanos(longest);
	}

	@Override
	public void close() {
		this.subscription.dispose();
	}

	private record Arrival(int number, long nanos) {

	}

}
