package io.ssegate.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.ssegate.bench.load.SseStream.State;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Holds many SSE streams on one selector thread, a few KB each. Connects at most
 * {@code maxConnecting} streams at a time; a stream that loses its connection reconnects
 * at once, to the next endpoint, with {@code Last-Event-ID}, as {@code EventSource} does
 * (without its {@code retry:} delay). Every event's data is read as a {@link Payload} and
 * recorded: first delivery, duplicate or reordering, and its latency from the scheduled
 * send time. Its methods may be called from any thread; they run on the selector thread.
 */
final class StreamClient implements AutoCloseable {

	private static final long RETRY_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final int LATENCY_GROUPS = 2;

	private final List<Endpoint> endpoints;

	private final int maxConnecting;

	private final long originNanos;

	private final SelectorLoop loop = new SelectorLoop();

	private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();

	private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::dueNanos));

	private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

	private final List<SseStream> streams = new ArrayList<>();

	private final ArrayDeque<SseStream> connectQueue = new ArrayDeque<>();

	private final Payload payload = new Payload();

	private final Recorder[] latency = new Recorder[LATENCY_GROUPS];

	private boolean regroupOnLoss;

	private int connecting;

	private long nowNanos;

	private long opens;

	private long disconnects;

	private long connectFailures;

	private long httpErrors;

	private long malformed;

	private long misrouted;

	/**
	 * Create a client and start its thread.
	 * @param endpoints where streams connect, {@code {task}} standing for the task id
	 * @param maxConnecting how many streams may be connecting at once
	 * @param originNanos the origin of the payloads' scheduled send times
	 * @throws UncheckedIOException if no selector can be opened
	 */
	StreamClient(List<Endpoint> endpoints, int maxConnecting, long originNanos) {
		this.endpoints = List.copyOf(endpoints);
		this.maxConnecting = maxConnecting;
		this.originNanos = originNanos;
		for (int i = 0; i < LATENCY_GROUPS; i++) {
			this.latency[i] = new Recorder(3);
		}
		this.loop.start("sse-streams", this::run);
	}

	/**
	 * Open streams.
	 * @param specs the streams' tasks and first endpoints
	 */
	void open(List<StreamSpec> specs) {
		call(() -> {
			for (StreamSpec spec : specs) {
				SseStream stream = new SseStream(this.streams.size(), spec.task(), spec.taskId(), spec.endpoint(),
						this::onEvent);
				this.streams.add(stream);
				enqueueConnect(stream);
			}
			pumpConnects();
			return null;
		});
	}

	/**
	 * Wait until a number of streams are open.
	 * @param count the number of open streams to wait for
	 * @param timeout the longest wait
	 * @return whether they opened in time
	 */
	boolean awaitOpen(int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (call(this::openCount) >= count) {
				return true;
			}
			sleep(Duration.ofMillis(10));
		}
		return false;
	}

	/**
	 * Take a snapshot of the counters.
	 * @param published for each task, how many of its events the publisher stored
	 * @return the snapshot
	 */
	StreamSnapshot snapshot(AtomicLongArray published) {
		return call(() -> {
			int counted = 0;
			long expected = 0;
			long delivered = 0;
			long missing = 0;
			long duplicates = 0;
			long reordered = 0;
			for (SseStream stream : this.streams) {
				if (stream.excluded) {
					continue;
				}
				long storedOfTask = (stream.task < published.length()) ? published.get(stream.task) : 0;
				counted++;
				expected += storedOfTask;
				delivered += stream.ledger.unique();
				missing += stream.ledger.missing(storedOfTask);
				duplicates += stream.ledger.duplicates();
				reordered += stream.ledger.reordered();
			}
			return new StreamSnapshot(System.nanoTime(), this.streams.size(), openCount(), counted, this.opens,
					this.disconnects, this.connectFailures, this.httpErrors, expected, delivered, missing, duplicates,
					reordered, this.malformed, this.misrouted);
		});
	}

	/**
	 * The latencies recorded in a group since the last call.
	 * @param group the latency group
	 * @return the histogram, in microseconds
	 */
	Histogram latencySinceLastCall(int group) {
		return this.latency[group].getIntervalHistogram();
	}

	/**
	 * Stop reading some streams, as clients that hang would, and leave them out of the
	 * figures.
	 * @param which the streams to pause
	 * @return how many were paused
	 */
	int pause(Predicate<SseStream> which) {
		return call(() -> {
			int count = 0;
			for (SseStream stream : this.streams) {
				if (!stream.paused && which.test(stream)) {
					stream.paused = true;
					stream.excluded = true;
					count++;
					if (stream.key != null && stream.key.isValid() && stream.pendingRequest == null) {
						stream.key.interestOps(0);
					}
				}
			}
			return count;
		});
	}

	/**
	 * From now on, move each stream that loses its connection to latency group 1, so that
	 * group 0 keeps the streams that were never interrupted.
	 */
	void regroupLostStreams() {
		call(() -> {
			this.regroupOnLoss = true;
			return null;
		});
	}

	/**
	 * Count the streams of latency group 1 (see {@link #regroupLostStreams()}), and those
	 * of them open again since an instant.
	 * @param sinceNanos the instant
	 * @return the number of streams moved, and of those reopened
	 */
	int[] movedAndReopened(long sinceNanos) {
		return call(() -> {
			int moved = 0;
			int reopened = 0;
			for (SseStream stream : this.streams) {
				if (stream.latencyGroup == 1) {
					moved++;
					reopened += (stream.state == State.OPEN && stream.openedAtNanos > sinceNanos) ? 1 : 0;
				}
			}
			return new int[] { moved, reopened };
		});
	}

	/**
	 * Close every stream, without reconnecting.
	 */
	void closeAll() {
		call(() -> {
			this.streams.forEach(this::closeForGood);
			this.streams.clear();
			this.connectQueue.clear();
			this.timers.clear();
			this.connecting = 0;
			return null;
		});
	}

	@Override
	public void close() {
		closeAll();
		this.loop.close();
	}

	private int openCount() {
		int count = 0;
		for (SseStream stream : this.streams) {
			count += (stream.state == State.OPEN) ? 1 : 0;
		}
		return count;
	}

	private <T> T call(Supplier<T> action) {
		CompletableFuture<T> result = new CompletableFuture<>();
		this.commands.add(() -> {
			try {
				result.complete(action.get());
			}
			catch (RuntimeException ex) {
				result.completeExceptionally(ex);
			}
		});
		this.loop.wakeup();
		try {
			return result.get(60, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Stream client command failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Stream client did not answer", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private void run() {
		while (this.loop.isRunning()) {
			Runnable command;
			while ((command = this.commands.poll()) != null) {
				command.run();
			}
			long waitMillis = runDueTimers();
			this.loop.select(this::onSelected, waitMillis);
		}
		this.streams.forEach(this::closeForGood);
	}

	private long runDueTimers() {
		long now = System.nanoTime();
		Timer next;
		while ((next = this.timers.peek()) != null && next.dueNanos() <= now) {
			this.timers.poll().action().run();
		}
		pumpConnects();
		return (next != null) ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(next.dueNanos() - now)) : 100;
	}

	private void onSelected(SelectionKey key) {
		SseStream stream = (SseStream) key.attachment();
		try {
			if (key.isConnectable()) {
				finishConnect(stream);
			}
			else {
				if (key.isWritable()) {
					writeRequest(stream);
				}
				if (key.isValid() && key.isReadable()) {
					read(stream);
				}
			}
		}
		catch (IOException | CancelledKeyException ex) {
			lost(stream);
		}
	}

	private void enqueueConnect(SseStream stream) {
		stream.state = State.QUEUED;
		this.connectQueue.add(stream);
	}

	private void pumpConnects() {
		while (this.connecting < this.maxConnecting && !this.connectQueue.isEmpty()) {
			SseStream stream = this.connectQueue.poll();
			if (stream.state == State.QUEUED) {
				connect(stream);
			}
		}
	}

	private void connect(SseStream stream) {
		Endpoint endpoint = this.endpoints.get(stream.endpoint);
		stream.response.reset();
		stream.parser.resetForNewConnection();
		stream.pendingRequest = request(stream, endpoint);
		stream.state = State.CONNECTING;
		this.connecting++;
		try {
			SocketChannel channel = SocketChannel.open();
			stream.channel = channel;
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			boolean connected = channel.connect(endpoint.address());
			stream.key = this.loop.register(channel, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT,
					stream);
		}
		catch (IOException ex) {
			lost(stream);
		}
	}

	private static ByteBuffer request(SseStream stream, Endpoint endpoint) {
		StringBuilder request = new StringBuilder(256).append("GET ")
			.append(endpoint.target(stream.taskId))
			.append(" HTTP/1.1\r\nHost: ")
			.append(endpoint.hostHeader())
			.append("\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n");
		String lastEventId = stream.parser.lastEventId();
		if (lastEventId != null) {
			request.append("Last-Event-ID: ").append(lastEventId).append("\r\n");
		}
		return ByteBuffer.wrap(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
	}

	private void finishConnect(SseStream stream) throws IOException {
		SocketChannel channel = requireChannel(stream);
		if (channel.finishConnect()) {
			writeRequest(stream);
		}
	}

	private void writeRequest(SseStream stream) throws IOException {
		ByteBuffer request = stream.pendingRequest;
		SelectionKey key = stream.key;
		if (request == null || key == null) {
			return;
		}
		requireChannel(stream).write(request);
		if (request.hasRemaining()) {
			key.interestOps(SelectionKey.OP_WRITE);
			return;
		}
		stream.pendingRequest = null;
		key.interestOps(stream.paused ? 0 : SelectionKey.OP_READ);
	}

	private void read(SseStream stream) throws IOException {
		this.readBuffer.clear();
		int count = requireChannel(stream).read(this.readBuffer);
		if (count < 0) {
			lost(stream);
			return;
		}
		if (count == 0) {
			return;
		}
		this.nowNanos = System.nanoTime();
		HttpResponseReader response = stream.response;
		boolean wasHeadComplete = response.isHeadComplete();
		try {
			response.read(this.readBuffer.array(), 0, count);
		}
		catch (RuntimeException ex) {
			this.malformed++;
			lost(stream);
			return;
		}
		if (!wasHeadComplete && response.isHeadComplete()) {
			onHead(stream);
		}
		if (response.isComplete() && stream.state != State.IDLE && stream.state != State.CLOSED) {
			lost(stream);
		}
	}

	private void onHead(SseStream stream) {
		this.connecting--;
		int status = stream.response.status();
		if (status == 200) {
			if (stream.openedAtNanos != 0) {
				stream.reconnects++;
			}
			stream.state = State.OPEN;
			stream.openedAtNanos = this.nowNanos;
			stream.failedAttempts = 0;
			this.opens++;
			return;
		}
		this.httpErrors++;
		closeChannel(stream);
		if (status == 204) {
			stream.state = State.CLOSED;
			return;
		}
		stream.state = State.IDLE;
		retryLater(stream);
	}

	private void onEvent(SseStream stream, byte[] data, int length) {
		if (!this.payload.read(data, length)) {
			this.malformed++;
			return;
		}
		if (this.payload.task() != stream.task) {
			this.misrouted++;
			return;
		}
		if (stream.excluded) {
			return;
		}
		if (stream.ledger.record(this.payload.sequence())) {
			long micros = (this.nowNanos - this.originNanos - this.payload.scheduledNanos()) / 1000;
			this.latency[stream.latencyGroup].recordValue(Math.max(1, micros));
		}
	}

	/**
	 * The stream's connection failed or ended: reconnect at once to the next endpoint, or
	 * after a short delay once every endpoint failed in a row.
	 */
	private void lost(SseStream stream) {
		if (stream.state == State.CONNECTING) {
			this.connecting--;
			this.connectFailures++;
			stream.failedAttempts++;
		}
		else if (stream.state == State.OPEN) {
			this.disconnects++;
			stream.disconnectedAtNanos = System.nanoTime();
			if (this.regroupOnLoss) {
				stream.latencyGroup = 1;
			}
		}
		closeChannel(stream);
		if (stream.state == State.CLOSED || !this.loop.isRunning()) {
			return;
		}
		stream.state = State.IDLE;
		stream.endpoint = (stream.endpoint + 1) % this.endpoints.size();
		if (stream.failedAttempts >= this.endpoints.size()) {
			retryLater(stream);
		}
		else {
			enqueueConnect(stream);
			pumpConnects();
		}
	}

	private void retryLater(SseStream stream) {
		stream.failedAttempts = 0;
		this.timers.add(new Timer(System.nanoTime() + RETRY_DELAY_NANOS, () -> {
			if (stream.state == State.IDLE) {
				enqueueConnect(stream);
			}
		}));
	}

	private void closeForGood(SseStream stream) {
		if (stream.state == State.CONNECTING) {
			this.connecting--;
		}
		stream.state = State.CLOSED;
		closeChannel(stream);
	}

	private static void closeChannel(SseStream stream) {
		if (stream.key != null) {
			stream.key.cancel();
			stream.key = null;
		}
		if (stream.channel != null) {
			try {
				stream.channel.close();
			}
			catch (IOException ex) {
				// Gone anyway.
			}
			stream.channel = null;
		}
		stream.pendingRequest = null;
	}

	private static SocketChannel requireChannel(SseStream stream) throws IOException {
		SocketChannel channel = stream.channel;
		if (channel == null) {
			throw new IOException("Stream " + stream.index + " has no connection");
		}
		return channel;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * A stream to open.
	 *
	 * @param task the task's index
	 * @param taskId the task id
	 * @param endpoint the index of the endpoint to connect to first
	 */
	record StreamSpec(int task, String taskId, int endpoint) {
	}

	private record Timer(long dueNanos, Runnable action) {
	}

}
