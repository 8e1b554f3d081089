package io.ssegate.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.ssegate.gateway.GatewayApplication;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several gateway nodes, each a separate application context on a random port, as they
 * would run behind a load balancer.
 */
public final class GatewayNodes implements AutoCloseable {

	private final List<ConfigurableApplicationContext> contexts;

	private GatewayNodes(List<ConfigurableApplicationContext> contexts) {
		this.contexts = contexts;
	}

	/**
	 * Start nodes. They allow anonymous access unless {@code properties} set a token key.
	 * @param count how many
	 * @param properties settings for every node, such as {@code spring.data.redis.url=…}
	 * @return the running nodes
	 */
	public static GatewayNodes start(int count, String... properties) {
		return start(List.of(), count, properties);
	}

	/**
	 * Start nodes with configuration of the test's own, such as a bean that records what
	 * a node exports. They allow anonymous access unless {@code properties} set a token
	 * key.
	 * @param configurations configuration classes added to every node
	 * @param count how many
	 * @param properties settings for every node
	 * @return the running nodes
	 */
	public static GatewayNodes start(List<Class<?>> configurations, int count, String... properties) {
		List<ConfigurableApplicationContext> contexts = new ArrayList<>();
		// Command-line arguments, which (unlike default properties) override
		// application.yml.
		String[] arguments = Stream
			.concat(Stream.of("server.port=0", "management.server.port=0", "spring.main.banner-mode=off",
					anonymousUnlessKeyed(properties)), Stream.of(properties))
			.map((property) -> "--" + property)
			.toArray(String[]::new);
		for (int i = 0; i < count; i++) {
			contexts.add(new SpringApplicationBuilder(GatewayApplication.class)
				.sources(configurations.toArray(Class<?>[]::new))
				.run(arguments));
		}
		return new GatewayNodes(contexts);
	}

	private static String anonymousUnlessKeyed(String... properties) {
		boolean keyed = Stream.of(properties).anyMatch((property) -> property.startsWith("ssegate.security."));
		return "ssegate.security.anonymous=" + !keyed;
	}

	/**
	 * A node's base URL.
	 * @param node the node's index
	 * @return the URL
	 */
	public String url(int node) {
		return "http://localhost:" + this.contexts.get(node).getEnvironment().getProperty("local.server.port");
	}

	/**
	 * A node's management base URL, where its health and metrics are.
	 * @param node the node's index
	 * @return the URL
	 */
	public String managementUrl(int node) {
		return "http://localhost:" + this.contexts.get(node).getEnvironment().getProperty("local.management.port");
	}

	/**
	 * A bean of a node.
	 * @param <T> the bean type
	 * @param node the node's index
	 * @param type the bean type
	 * @return the bean
	 */
	public <T> T bean(int node, Class<T> type) {
		return this.contexts.get(node).getBean(type);
	}

	/**
	 * Shut a node down gracefully, as SIGTERM does.
	 * @param node the node's index
	 */
	public void stop(int node) {
		this.contexts.get(node).close();
	}

	/**
	 * Kill a node, as SIGKILL does for its clients: every connection drops at once,
	 * without the drain's retry hints; then the node is shut down.
	 * @param node the node's index
	 */
	public void kill(int node) {
		ConfigurableApplicationContext context = this.contexts.get(node);
		JettyWebServer webServer = (JettyWebServer) ((WebServerApplicationContext) context).getWebServer();
		for (Connector connector : webServer.getServer().getConnectors()) {
			connector.getConnectedEndPoints().forEach(EndPoint::close);
		}
		context.close();
	}

	/**
	 * How many nodes run.
	 * @return the count
	 */
	public int size() {
		return this.contexts.size();
	}

	@Override
	public void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

}
