package io.ssegate.notifier.autoconfigure;

import io.lettuce.core.AbstractRedisClient;

/**
 * The Lettuce client the application already configured (through Spring Data Redis),
 * resolved only when the notifier needs it.
 */
@FunctionalInterface
interface ApplicationRedisClient {

	/**
	 * The started client; it stays owned by the application.
	 * @return the client
	 */
	AbstractRedisClient get();

}
