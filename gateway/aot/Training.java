import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The training run of the gateway's AOT cache (bin/aot-cache runs it; JDK 25, JEPs 483, 514
 * and 515): drives a node the way production does, so that the classes it loads and the
 * method profiles it gathers are the ones a serving node needs. In turn, for the given time:
 * opens streams (one task, several tasks), publishes over HTTP (one event, bulk),
 * reconnects streams with {@code Last-Event-ID}, reads the task API, ends tasks, and has
 * streams of ended tasks answered with 204. Run with the JDK's source launcher:
 *
 * <pre>java gateway/aot/Training.java http://127.0.0.1:8080 20</pre>
 *
 * It checks nothing but that the node answers; it exits with 1 when it does not.
 */
public final class Training {

	private static final int TASKS = 100;

	private static final int STREAMS_PER_TASK = 4;

	private static final int PUBLISHES_PER_SECOND = 1000;

	private final URI base;

	/** For the streams, each read by a virtual thread of its own. */
	private final HttpClient streamClient = client();

	/** For publishes and reads of the task API, a bounded number at a time. */
	private final HttpClient requestClient = client();

	private final Semaphore inFlight = new Semaphore(32);

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong events = new AtomicLong();

	private final List<Thread> readers = new CopyOnWriteArrayList<>();

	private final List<InputStream> bodies = new CopyOnWriteArrayList<>();

	private Training(URI base) {
		this.base = base;
	}

	private static HttpClient client() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.build();
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 2) {
			System.err.println("usage: java Training.java BASE_URL SECONDS");
			System.exit(2);
		}
		Training training = new Training(URI.create(args[0]));
		long seconds = Long.parseLong(args[1]);
		int rounds = (int) Math.max(1, seconds / 5);
		for (int round = 0; round < rounds; round++) {
			training.round("train-" + round + "-", Duration.ofSeconds(seconds / rounds));
		}
		System.out.printf("training: %d rounds, %d events read, %d failed requests%n", rounds, training.events.get(),
				training.failures.get());
		System.exit((training.events.get() > 0 && training.failures.get() < 100) ? 0 : 1);
	}

	/**
	 * One round on fresh tasks: streams open, events flow while streams reconnect, then
	 * every task ends.
	 */
	private void round(String prefix, Duration length) throws InterruptedException {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int task = 0; task < TASKS; task++) {
			for (int i = 0; i < STREAMS_PER_TASK; i++) {
				open("taskId=" + prefix + task, null);
			}
			open("taskId=" + prefix + task + "&taskId=" + prefix + ((task + 1) % TASKS), null);
		}
		long end = System.nanoTime() + length.toNanos();
		long next = System.nanoTime();
		int sent = 0;
		while (System.nanoTime() < end) {
			int task = random.nextInt(TASKS);
			if (sent % 50 == 49) {
				post("/api/events", "{\"events\":[{\"taskId\":\"" + prefix + task + "\",\"data\":{\"n\":" + sent
						+ "}},{\"taskId\":\"" + prefix + ((task + 1) % TASKS) + "\",\"data\":\"bulk\"}]}");
			}
			else {
				post("/api/tasks/" + prefix + task + "/events",
						"{\"event\":\"progress\",\"data\":{\"percent\":" + (sent % 100) + "}}");
			}
			if (sent % 20 == 0) {
				open("taskId=" + prefix + task, "0-1");
				get("/api/tasks/" + prefix + task);
			}
			sent++;
			next += 1_000_000_000L / PUBLISHES_PER_SECOND;
			long wait = next - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
		}
		for (int task = 0; task < TASKS; task++) {
			post("/api/tasks/" + prefix + task + "/events", "{\"status\":\"END\",\"data\":\"done\"}");
		}
		this.inFlight.acquire(32);
		this.inFlight.release(32);
		for (int task = 0; task < 10; task++) {
			open("taskId=" + prefix + task, null);
		}
		// The streams end with their tasks; any left is closed after 10 s.
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		for (Thread reader : this.readers) {
			long left = deadline - System.nanoTime();
			if (left <= 0 || !reader.join(Duration.ofNanos(left))) {
				break;
			}
		}
		for (InputStream body : this.bodies) {
			try {
				body.close();
			}
			catch (IOException ex) {
				this.failures.incrementAndGet();
			}
		}
		this.readers.clear();
		this.bodies.clear();
	}

	private void open(String query, String lastEventId) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve("/sse/register?" + query))
			.header("Accept", "text/event-stream");
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		this.readers.add(Thread.ofVirtual().start(() -> {
			try {
				read(this.streamClient.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
			}
			catch (IOException ex) {
				this.failures.incrementAndGet();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}));
	}

	private void read(HttpResponse<InputStream> response) {
		if (response.statusCode() != 200 && response.statusCode() != 204) {
			this.failures.incrementAndGet();
		}
		this.bodies.add(response.body());
		byte[] buffer = new byte[8192];
		try (InputStream body = response.body()) {
			int read;
			while ((read = body.read(buffer)) >= 0) {
				for (int i = 0; i < read; i++) {
					if (buffer[i] == '\n' && i + 1 < read && buffer[i + 1] == '\n') {
						this.events.incrementAndGet();
					}
				}
			}
		}
		catch (IOException ex) {
			// The stream was cancelled at the end of its round.
		}
	}

	private void post(String path, String json) throws InterruptedException {
		send(HttpRequest.newBuilder(this.base.resolve(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private void get(String path) throws InterruptedException {
		send(HttpRequest.newBuilder(this.base.resolve(path)).GET().build());
	}

	private void send(HttpRequest request) throws InterruptedException {
		this.inFlight.acquire();
		this.requestClient.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
			if (failure != null || response.statusCode() >= 500) {
				this.failures.incrementAndGet();
			}
			this.inFlight.release();
		});
	}

}
