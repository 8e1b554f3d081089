package io.ssegate.notifier.autoconfigure;

import io.lettuce.core.AbstractRedisClient;
import org.jspecify.annotations.Nullable;

/**
 * The Lettuce client the application already configured (through Spring Data Redis),
 * looked up only when the notifier is created.
 */
@FunctionalInterface
interface ApplicationRedisClient {

	/**
	 * The started client; it stays owned by the application.
	 * @return the client, or {@code null} if the application has no Redis connection
	 * factory, or only the one Spring Boot makes when told nothing (to
	 * {@code localhost:6379})
	 * @throws IllegalStateException if its connection factory is not Lettuce's
	 */
	@Nullable AbstractRedisClient get();

}
