package io.ssegate.e2e.browser;

/**
 * The proxies whose recommended configuration under {@code deploy/} the browser tests run
 * in front of the gateway nodes.
 */
enum Proxy {

	/** nginx with {@code deploy/nginx/ssegate.conf}, as {@code cluster.sh} starts it. */
	NGINX,

	/** HAProxy with {@code deploy/haproxy/haproxy.cfg}. */
	HAPROXY,

	/** Caddy with {@code deploy/caddy/Caddyfile}. */
	CADDY;

	/**
	 * Whether the proxy can retry a request on another node after a node's answer (a
	 * 503), not only after a failed connect. Caddy's {@code lb_try_duration} retries only
	 * when it could not reach a node.
	 * @return whether it retries on a response status
	 */
	boolean retriesAnAnsweredRequest() {
		return this != CADDY;
	}

}
