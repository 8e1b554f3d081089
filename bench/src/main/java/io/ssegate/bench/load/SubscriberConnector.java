package io.ssegate.bench.load;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.ssegate.bench.load.StreamClient.StreamSpec;
import io.ssegate.bench.load.Subscriber.State;

/**
 * Connects subscribers and keeps them connected, as {@code EventSource} does, on the
 * loop's thread: at most {@code maxConnecting} connect at a time; one that loses its
 * connection reconnects to the next endpoint, with {@code Last-Event-ID}, at once (or,
 * when told to honor {@code retry:}, after the server's last {@code retry:} delay, as
 * {@code EventSource} does), and 100 ms later once every endpoint failed in a row; a
 * {@code 204} ends it for good.
 */
final class SubscriberConnector implements SelectorLoop.Handler<Subscriber>, StreamExchange.Listener {

	private static final long RETRY_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final List<Endpoint> endpoints;

	private final int maxConnecting;

	private final SelectorLoop<Subscriber> loop;

	private final StreamCounters counters;

	private final StreamExchange exchange;

	private final Subscriber.EventListener events;

	private final List<Subscriber> subscribers = new ArrayList<>();

	private final Map<Integer, Long> statuses = new TreeMap<>();

	private final ArrayDeque<Subscriber> connectQueue = new ArrayDeque<>();

	private int connecting;

	private boolean regroupOnLoss;

	private boolean honorRetry;

	/**
	 * Create a connector.
	 * @param endpoints where subscribers connect, {@code {task}} standing for the task id
	 * @param maxConnecting how many subscribers may be connecting at once
	 * @param loop the loop it runs on
	 * @param counters what it counts in
	 */
	SubscriberConnector(List<Endpoint> endpoints, int maxConnecting, SelectorLoop<Subscriber> loop,
			StreamCounters counters) {
		this(endpoints, maxConnecting, loop, counters, (subscriber, data, length) -> {
		});
	}

	/**
	 * Create a connector that also shows each event to an observer, before counting it.
	 * @param endpoints where subscribers connect, {@code {task}} standing for the task id
	 * @param maxConnecting how many subscribers may be connecting at once
	 * @param loop the loop it runs on
	 * @param counters what it counts in
	 * @param observer sees every event of every subscriber, on the loop's thread
	 */
	SubscriberConnector(List<Endpoint> endpoints, int maxConnecting, SelectorLoop<Subscriber> loop,
			StreamCounters counters, Subscriber.EventListener observer) {
		this.endpoints = List.copyOf(endpoints);
		this.maxConnecting = maxConnecting;
		this.loop = loop;
		this.counters = counters;
		this.exchange = new StreamExchange(counters, this);
		this.events = (subscriber, data, length) -> {
			observer.onEvent(subscriber, data, length);
			this.exchange.onEvent(subscriber, data, length);
		};
	}

	/**
	 * Every subscriber, in the order they were added.
	 */
	List<Subscriber> subscribers() {
		return Collections.unmodifiableList(this.subscribers);
	}

	/**
	 * Add subscribers and start connecting them.
	 * @param specs their tasks and first endpoints
	 */
	void open(List<StreamSpec> specs) {
		for (StreamSpec spec : specs) {
			Subscriber subscriber = new Subscriber(this.subscribers.size(), spec.task(), spec.taskId(), spec.endpoint(),
					this.events);
			this.subscribers.add(subscriber);
			enqueueConnect(subscriber);
		}
		pumpConnects();
	}

	/**
	 * The responses subscribers got so far, by status.
	 * @return the counts, by status
	 */
	Map<Integer, Long> statuses() {
		return new TreeMap<>(this.statuses);
	}

	/**
	 * Drop an open subscriber's connection, as a network would: it reconnects at once, to
	 * the next endpoint, with {@code Last-Event-ID}.
	 * @param subscriber the subscriber
	 * @return whether it was open
	 */
	boolean drop(Subscriber subscriber) {
		if (subscriber.state != State.OPEN) {
			return false;
		}
		lost(subscriber);
		return true;
	}

	/**
	 * From now on, move each subscriber that loses its connection to latency group 1.
	 */
	void regroupLostStreams() {
		this.regroupOnLoss = true;
	}

	/**
	 * From now on, wait the server's {@code retry:} delay before reconnecting a
	 * subscriber whose stream ended, as {@code EventSource} does.
	 */
	void honorRetry() {
		this.honorRetry = true;
	}

	/**
	 * Close every subscriber for good and forget them.
	 */
	void closeAll() {
		stopAll();
		this.subscribers.clear();
	}

	/**
	 * Close every subscriber for good, keeping them and what they received.
	 */
	void stopAll() {
		this.subscribers.forEach(this::closeForGood);
		this.connectQueue.clear();
		this.loop.cancelTimers();
		this.connecting = 0;
	}

	@Override
	public void beforeSelect() {
		pumpConnects();
	}

	@Override
	public void onConnectable(Subscriber subscriber) throws IOException {
		if (subscriber.connection.finishConnect()) {
			this.exchange.writeRequest(subscriber);
		}
	}

	@Override
	public void onWritable(Subscriber subscriber) throws IOException {
		this.exchange.writeRequest(subscriber);
	}

	@Override
	public void onReadable(Subscriber subscriber) throws IOException {
		this.exchange.read(subscriber);
	}

	@Override
	public void onFailure(Subscriber subscriber) {
		lost(subscriber);
	}

	@Override
	public void afterStop() {
		this.subscribers.forEach(this::closeForGood);
	}

	@Override
	public void onHead(Subscriber subscriber, int status, long readAtNanos) {
		this.connecting--;
		this.statuses.merge(status, 1L, Long::sum);
		if (status == 200) {
			subscriber.state = State.OPEN;
			subscriber.openedAtNanos = readAtNanos;
			subscriber.failedAttempts = 0;
			this.counters.opened();
			return;
		}
		this.counters.httpError();
		subscriber.disconnect();
		if (status == 204) {
			subscriber.state = State.CLOSED;
			return;
		}
		subscriber.state = State.IDLE;
		retryLater(subscriber);
	}

	@Override
	public void onEnd(Subscriber subscriber) {
		lost(subscriber);
	}

	private void enqueueConnect(Subscriber subscriber) {
		subscriber.state = State.QUEUED;
		this.connectQueue.add(subscriber);
	}

	private void pumpConnects() {
		while (this.connecting < this.maxConnecting && !this.connectQueue.isEmpty()) {
			Subscriber subscriber = this.connectQueue.poll();
			if (subscriber.state == State.QUEUED) {
				connect(subscriber);
			}
		}
	}

	private void connect(Subscriber subscriber) {
		Endpoint endpoint = this.endpoints.get(subscriber.endpoint);
		this.exchange.begin(subscriber, endpoint);
		subscriber.state = State.CONNECTING;
		this.connecting++;
		try {
			subscriber.connection.connect(this.loop, endpoint.address(), SelectionKey.OP_WRITE, subscriber);
		}
		catch (IOException ex) {
			lost(subscriber);
		}
	}

	/**
	 * The subscriber's connection failed or ended: reconnect at once to the next
	 * endpoint, or after a short delay once every endpoint failed in a row.
	 */
	private void lost(Subscriber subscriber) {
		boolean wasOpen = subscriber.state == State.OPEN;
		if (subscriber.state == State.CONNECTING) {
			this.connecting--;
			this.counters.connectFailed();
			subscriber.failedAttempts++;
		}
		else if (subscriber.state == State.OPEN) {
			subscriber.streamEnded(System.nanoTime());
			this.counters.disconnected();
			if (this.regroupOnLoss) {
				subscriber.latencyGroup = 1;
			}
		}
		subscriber.disconnect();
		if (subscriber.state == State.CLOSED || !this.loop.isRunning()) {
			return;
		}
		subscriber.state = State.IDLE;
		subscriber.endpoint = (subscriber.endpoint + 1) % this.endpoints.size();
		long retryMillis = subscriber.parser.retryMillis();
		if (wasOpen && this.honorRetry && retryMillis > 0) {
			reconnectAfter(subscriber, TimeUnit.MILLISECONDS.toNanos(retryMillis));
		}
		else if (subscriber.failedAttempts >= this.endpoints.size()) {
			retryLater(subscriber);
		}
		else {
			enqueueConnect(subscriber);
			pumpConnects();
		}
	}

	private void retryLater(Subscriber subscriber) {
		subscriber.failedAttempts = 0;
		reconnectAfter(subscriber, RETRY_DELAY_NANOS);
	}

	private void reconnectAfter(Subscriber subscriber, long delayNanos) {
		this.loop.schedule(delayNanos, () -> {
			if (subscriber.state == State.IDLE) {
				enqueueConnect(subscriber);
			}
		});
	}

	private void closeForGood(Subscriber subscriber) {
		if (subscriber.state == State.CONNECTING) {
			this.connecting--;
		}
		subscriber.state = State.CLOSED;
		subscriber.disconnect();
	}

}
