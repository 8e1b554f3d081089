package io.ssegate.gateway.broker;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The nodes' loads in one Redis hash ({@code <prefix>nodes}), a field per node, updated
 * and read by one script ({@code node-loads.lua}) that drops the nodes whose last report
 * is older than its lifetime, on the Redis server's clock. Blocking: call it off the
 * Redis I/O threads.
 */
final class RedisNodeLoads implements NodeLoads {

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> SCRIPT = RedisScript
		.of(new ClassPathResource("node-loads.lua", RedisNodeLoads.class), List.class);

	private final StringRedisTemplate redis;

	private final String key;

	private final String nodeId = UUID.randomUUID().toString();

	RedisNodeLoads(StringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.key = key(keyPrefix);
	}

	/**
	 * The hash of the nodes' loads, whose fields are the ids of the live nodes.
	 * @param keyPrefix the prefix of every key
	 * @return the key
	 */
	static String key(String keyPrefix) {
		return keyPrefix + "nodes";
	}

	/**
	 * This node's id in the reports.
	 * @return the id
	 */
	String nodeId() {
		return this.nodeId;
	}

	@Override
	public List<Integer> report(int streams, Duration lifetime) {
		List<?> loads = this.redis.execute(SCRIPT, List.of(this.key), this.nodeId, String.valueOf(streams),
				String.valueOf(lifetime.toMillis()));
		return (loads != null) ? loads.stream().map((load) -> ((Number) load).intValue()).toList() : List.of(streams);
	}

	@Override
	public void leave() {
		this.redis.opsForHash().delete(this.key, this.nodeId);
	}

}
