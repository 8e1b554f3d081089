package io.ssegate.gateway.system;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The node's public listener (streams and publish API; the management port has its own).
 * A draining node closes it first: a load balancer that still sends it new connections (a
 * static upstream list, a connection pool that has not seen the pod go) then has its
 * connect refused and tries the next node at once, where an answer that only says
 * "reconnect" would cost the client a round trip and its retry delay. Connections already
 * open, and the streams on them, stay.
 */
@Component
public class PublicListener {

	private final ObjectProvider<WebServerApplicationContext> context;

	PublicListener(ObjectProvider<WebServerApplicationContext> context) {
		this.context = context;
	}

	/**
	 * Stop accepting connections on the public port. Nothing happens without Jetty (a
	 * test's mock web environment).
	 */
	public void close() {
		WebServerApplicationContext web = this.context.getIfAvailable();
		if (web != null && web.getWebServer() instanceof JettyWebServer jetty) {
			for (Connector connector : jetty.getServer().getConnectors()) {
				if (connector instanceof NetworkConnector network) {
					network.close();
				}
			}
		}
	}

}
