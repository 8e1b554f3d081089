package io.ssegate.e2e.browser;

import java.nio.file.Path;

import io.ssegate.notifier.Notifier;

/**
 * What a browser test class starts once: gateway nodes behind nginx on one Redis
 * ({@link LocalCluster}), notifier-client on that Redis, and a headless browser.
 *
 * @param cluster the nodes, nginx and Redis
 * @param notifier a publisher on the cluster's Redis
 * @param browser the browser, with a profile of its own
 */
record BrowserCluster(LocalCluster cluster, Notifier notifier, Browser browser) implements AutoCloseable {

	/**
	 * Start everything.
	 * @param name the cluster's and the browser profile's name
	 * @param nodeCount how many gateway nodes
	 * @param gatewayArgs arguments of every node
	 * @return what was started
	 */
	static BrowserCluster start(String name, int nodeCount, String... gatewayArgs) {
		LocalCluster cluster = LocalCluster.start(name, nodeCount, gatewayArgs);
		Notifier notifier = Notifier.create(cluster.redisUrl());
		Browser browser = Browser.start(Path.of("target", "browser", name).toAbsolutePath());
		return new BrowserCluster(cluster, notifier, browser);
	}

	@Override
	public void close() {
		try (LocalCluster c = this.cluster; Notifier n = this.notifier; Browser b = this.browser) {
			// closed in reverse order, the cluster last
		}
	}

}
