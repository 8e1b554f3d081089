package io.ssegate.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The system under test as the load tool sees it: where to subscribe and publish, and
 * which processes to sample.
 *
 * @param system its name in the results
 * @param subscribe the SSE endpoints; streams are spread over them and move to the next
 * on reconnect
 * @param publish a Redis URI (publish with notifier-client) or an HTTP URL template
 * @param publishFormat the HTTP request format
 * @param publishConnections connections of the HTTP publisher
 * @param serverPids the server processes (and their children) whose CPU time counts
 * @param memoryPids the processes that hold the streams, whose memory counts
 * @param jvmPids JVMs among them, for the live heap
 * @param redisPids Redis processes, sampled apart
 * @param jcmd the {@code jcmd} executable
 */
record Target(String system, List<Endpoint> subscribe, String publish, HttpPublisher.Format publishFormat,
		int publishConnections, List<Long> serverPids, List<Long> memoryPids, List<Long> jvmPids, List<Long> redisPids,
		String jcmd) {

	static Target from(Options options) {
		List<Endpoint> subscribe = new ArrayList<>();
		options.all("subscribe").forEach((template) -> subscribe.add(Endpoint.parse(template)));
		if (subscribe.isEmpty()) {
			throw new IllegalArgumentException("Missing --subscribe");
		}
		List<Long> serverPids = options.getLongs("server-pids");
		List<Long> memoryPids = options.getLongs("memory-pids");
		return new Target(options.get("system", "system"), subscribe, options.require("publish"),
				HttpPublisher.Format.valueOf(options.get("publish-format", "json").toUpperCase()),
				options.getInt("publish-connections", 32), serverPids, memoryPids.isEmpty() ? serverPids : memoryPids,
				options.getLongs("jvm-pids"), options.getLongs("redis-pids"), options.get("jcmd",
						ProcessHandle.current().info().command().orElse("java").replaceAll("java$", "jcmd")));
	}

	/**
	 * Create the publisher.
	 * @return a new publisher; the caller closes it
	 */
	EventPublisher newPublisher() {
		if (this.publish.startsWith("redis://")) {
			return new NotifierPublisher(this.publish);
		}
		return new HttpPublisher(Endpoint.parse(this.publish), this.publishFormat, this.publishConnections);
	}

	/**
	 * The memory that holds the streams: after a full GC in JVMs.
	 * @return the memory in KiB, and the live heap in KiB (-1 without JVMs)
	 */
	long[] memoryAfterGc() {
		long heap = this.jvmPids.isEmpty() ? -1 : 0;
		for (long pid : this.jvmPids) {
			long live = ProcessSampler.liveHeapKib(this.jcmd, pid);
			heap = (live >= 0 && heap >= 0) ? heap + live : -1;
		}
		return new long[] { ProcessSampler.memoryKib(this.memoryPids), heap };
	}

}
