package io.ssegate.bench.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP endpoint given as a URL template in which {@code {task}} stands for the task
 * id, for example {@code http://127.0.0.1:8080/sse/register?taskId={task}}.
 *
 * @param template the URL template
 * @param address the server's address
 * @param hostHeader the {@code Host} header
 * @param pathTemplate the request target, still with {@code {task}}
 */
record Endpoint(String template, InetSocketAddress address, String hostHeader, String pathTemplate) {

	private static final String TASK = "{task}";

	/**
	 * Parse a URL template.
	 * @param template the template, {@code http://host:port/path?query}
	 * @return the endpoint
	 * @throws IllegalArgumentException if it is not an {@code http} URL
	 */
	static Endpoint parse(String template) {
		URI uri = URI.create(template.replace(TASK, "TASK"));
		if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
			throw new IllegalArgumentException("Not an http URL template: " + template);
		}
		int port = (uri.getPort() > 0) ? uri.getPort() : 80;
		String path = (uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
				+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		return new Endpoint(template, new InetSocketAddress(uri.getHost(), port), uri.getHost() + ":" + port,
				path.replace("TASK", TASK));
	}

	/**
	 * The request target for a task.
	 * @param taskId the task id
	 * @return the path and query
	 */
	String target(String taskId) {
		return this.pathTemplate.replace(TASK, URLEncoder.encode(taskId, StandardCharsets.UTF_8));
	}

}
