package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.ssegate.protocol.TaskKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts in Redis, per task and per node, the streams that follow the task: a hash per
 * task ({@code <prefix>{<taskId>}:followers}, field = this node's id, the id of its
 * {@link RedisNodeLoads} report). Each stream that opens costs one {@code HINCRBY} and
 * one {@code EXPIRE}, each that closes one {@code HINCRBY}, sent without waiting on the
 * connection that reads histories: they ride along with the stream's own commands, and
 * the open path waits for no more round trips than before. A node that dies leaves its
 * counts behind; readers add up only the nodes that still report their loads, and the
 * hash goes with its time to live (the history's, renewed on every open).
 */
final class FollowerCounts {

	private static final Logger logger = LoggerFactory.getLogger(FollowerCounts.class);

	private final RedisClusterAsyncCommands<String, String> commands;

	private final TaskKeys keys;

	private final String nodeId;

	private final Duration ttl;

	FollowerCounts(RedisClusterAsyncCommands<String, String> commands, TaskKeys keys, String nodeId, Duration ttl) {
		this.commands = commands;
		this.keys = keys;
		this.nodeId = nodeId;
		this.ttl = ttl;
	}

	/**
	 * One more stream follows a task here.
	 * @param taskId the task
	 */
	void opened(String taskId) {
		String key = this.keys.followers(taskId);
		send(() -> {
			this.commands.hincrby(key, this.nodeId, 1);
			this.commands.expire(key, this.ttl);
		});
	}

	/**
	 * One stream fewer follows a task here.
	 * @param taskId the task
	 */
	void closed(String taskId) {
		String key = this.keys.followers(taskId);
		send(() -> this.commands.hincrby(key, this.nodeId, -1));
	}

	/**
	 * The streams of a followers hash that live nodes hold.
	 * @param counts the hash, as read
	 * @param liveNodes the ids of the nodes that report their loads
	 * @return the sum of their counts (a count below zero, left by a hash that expired
	 * while a stream was open, counts as zero)
	 */
	static long sum(Map<String, String> counts, Collection<String> liveNodes) {
		return counts.entrySet()
			.stream()
			.filter((entry) -> liveNodes.contains(entry.getKey()))
			.mapToLong((entry) -> Math.max(0, Long.parseLong(entry.getValue())))
			.sum();
	}

	/**
	 * A lost count is not worth failing a stream for: Redis being away fails the stream
	 * anyway, and the count is only reported.
	 */
	private static void send(Runnable commands) {
		try {
			commands.run();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not count a follower", ex);
		}
	}

}
