package io.ssegate.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.ssegate.protocol.HistoryCommands;

/**
 * What the machine itself can do, to read the other figures against: loopback socket
 * writes of SSE-sized frames to many connections (the cost of one delivery with nothing
 * else around it), and Redis {@code PUBLISH} and ssegate's publish script measured with
 * {@code redis-benchmark}.
 */
final class Floor {

	private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("([0-9.]+) requests per second");

	private final Options options;

	private final ResultLog log;

	Floor(Options options, ResultLog log) {
		this.options = options;
		this.log = log;
	}

	void run() throws IOException, InterruptedException {
		loopback(this.options.getInt("connections", 1000), this.options.getInt("frame-bytes", 100),
				this.options.getSeconds("seconds", 2));
		String redisPort = this.options.get("redis-port");
		if (redisPort != null) {
			String benchmark = this.options.get("redis-benchmark", "redis-benchmark");
			redisPublish(benchmark, redisPort);
			redisPublishScript(benchmark, redisPort);
		}
	}

	/**
	 * One thread writes a frame to each of the connections in turn; another reads them
	 * all.
	 */
	private void loopback(int connections, int frameBytes, Duration duration) throws IOException, InterruptedException {
		try (ServerSocketChannel server = ServerSocketChannel.open(); Selector readers = Selector.open()) {
			server.bind(new InetSocketAddress("127.0.0.1", 0), connections);
			List<SocketChannel> writers = new ArrayList<>();
			List<SocketChannel> clients = new ArrayList<>();
			for (int i = 0; i < connections; i++) {
				SocketChannel client = SocketChannel.open(server.getLocalAddress());
				client.configureBlocking(false);
				client.register(readers, SelectionKey.OP_READ);
				clients.add(client);
				SocketChannel accepted = server.accept();
				accepted.configureBlocking(false);
				writers.add(accepted);
			}
			AtomicBoolean running = new AtomicBoolean(true);
			Thread reader = Thread.ofPlatform().start(() -> drain(readers, running));
			ByteBuffer frame = ByteBuffer.allocateDirect(frameBytes);
			long selfBefore = ProcessSampler.cpuNanos(List.of(ProcessHandle.current().pid()));
			long start = System.nanoTime();
			long end = start + duration.toNanos();
			long writes = 0;
			while (System.nanoTime() < end) {
				for (SocketChannel writer : writers) {
					frame.clear();
					writes += (writer.write(frame) > 0) ? 1 : 0;
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			long selfCpu = ProcessSampler.cpuNanos(List.of(ProcessHandle.current().pid())) - selfBefore;
			running.set(false);
			readers.wakeup();
			reader.join();
			for (SocketChannel channel : writers) {
				channel.close();
			}
			for (SocketChannel channel : clients) {
				channel.close();
			}
			Map<String, Object> result = labels("loopback-writes");
			result.put("connections", connections);
			result.put("frameBytes", frameBytes);
			result.put("writesPerSecond", writes / seconds);
			result.put("cpuUsPerWrite", selfCpu / 1000.0 / Math.max(1, writes));
			this.log.emit(result);
		}
	}

	private static void drain(Selector selector, AtomicBoolean running) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
		try {
			while (running.get()) {
				selector.select((key) -> {
					try {
						buffer.clear();
						((SocketChannel) key.channel()).read(buffer);
					}
					catch (IOException ex) {
						key.cancel();
					}
				}, 100);
			}
		}
		catch (IOException ex) {
			// The measurement ends anyway.
		}
	}

	private void redisPublish(String benchmark, String port) throws IOException, InterruptedException {
		double rate = redisBenchmark(benchmark, port, "PUBLISH", "bench-floor", "x".repeat(100));
		Map<String, Object> result = labels("redis-publish");
		result.put("requestsPerSecond", rate);
		this.log.emit(result);
	}

	/**
	 * ssegate's publish script, as notifier-client runs it, over 1000 tasks.
	 */
	private void redisPublishScript(String benchmark, String port) throws IOException, InterruptedException {
		String sha;
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			sha = connection.sync().scriptLoad(HistoryCommands.publishScript());
		}
		finally {
			client.shutdown();
		}
		String envelope = "{\"version\":1,\"taskId\":\"floor\",\"event\":\"e\",\"data\":\"" + "x".repeat(64)
				+ "\",\"terminal\":false,\"publishedAt\":1}";
		double rate = redisBenchmark(benchmark, port, "EVALSHA", sha, "2", "ssegate:{floor-__rand_int__}:history",
				"ssegate:{floor-__rand_int__}:idem:", "ssegate:{floor-__rand_int__}:live", envelope, "0", "1000", "60",
				"0");
		Map<String, Object> result = labels("redis-publish-script");
		result.put("requestsPerSecond", rate);
		this.log.emit(result);
	}

	private static double redisBenchmark(String benchmark, String port, String... command)
			throws IOException, InterruptedException {
		List<String> arguments = new ArrayList<>(
				List.of(benchmark, "-p", port, "-c", "20", "-n", "100000", "-r", "1000", "-q"));
		arguments.addAll(List.of(command));
		Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor(120, TimeUnit.SECONDS);
		Matcher matcher = REQUESTS_PER_SECOND.matcher(output);
		double rate = -1;
		while (matcher.find()) {
			rate = Double.parseDouble(matcher.group(1));
		}
		return rate;
	}

	private static Map<String, Object> labels(String phase) {
		Map<String, Object> labels = new LinkedHashMap<>();
		labels.put("system", "floor");
		labels.put("scenario", "floor");
		labels.put("phase", phase);
		return labels;
	}

}
