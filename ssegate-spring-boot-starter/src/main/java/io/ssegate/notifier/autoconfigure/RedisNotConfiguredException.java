package io.ssegate.notifier.autoconfigure;

/**
 * Thrown when the notifier is created but the application said nowhere which Redis it
 * publishes to.
 */
class RedisNotConfiguredException extends IllegalStateException {

	static final String DESCRIPTION = "The ssegate notifier has no Redis to publish to: "
			+ "ssegate.notifier.redis-url is not set, and Spring Data Redis was not told where Redis is "
			+ "(its default of localhost:6379 is not taken).";

	static final String ACTION = "Set ssegate.notifier.redis-url (such as redis://redis.example.internal:6379) "
			+ "for a client of the notifier's own, or tell Spring Data Redis where Redis is "
			+ "(spring.data.redis.url, .host, .port, .sentinel.master or .cluster.nodes), whose Lettuce client "
			+ "the notifier then shares. Or turn the notifier off with ssegate.notifier.enabled=false.";

	RedisNotConfiguredException() {
		super(DESCRIPTION + " " + ACTION);
	}

}
