package com.example.export;

import java.util.List;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Reads the envelopes in a task's history, as the gateway does.
 */
final class HistoryReader {

	private HistoryReader() {
	}

	static List<String> envelopes(String redisUrl, String taskId) {
		RedisClient client = RedisClient.create(redisUrl);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync()
				.xrange("ssegate:{" + taskId + "}:history", Range.create("-", "+"))
				.stream()
				.map(StreamMessage::getBody)
				.map((body) -> body.get("e"))
				.toList();
		}
		finally {
			client.shutdown();
		}
	}

}
