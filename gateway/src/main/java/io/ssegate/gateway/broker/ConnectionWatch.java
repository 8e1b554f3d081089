package io.ssegate.gateway.broker;

/**
 * Watches a node's Redis connections and re-syncs what their losses affect.
 */
interface ConnectionWatch {

	/**
	 * Whether live delivery works now, for readiness.
	 * @return {@code true} when connected
	 */
	boolean isConnected();

	/**
	 * The node is stopping: its connections are about to close on purpose, which is no
	 * outage.
	 */
	void shuttingDown();

}
