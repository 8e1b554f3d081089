package io.ssegate.gateway.publish;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * The paths of the publish API: {@code /api/tasks/{taskId}/events} for one event,
 * {@code /api/events} for several.
 */
final class PublishPath {

	private static final String PREFIX = "/api/tasks/";

	private static final String SUFFIX = "/events";

	private static final String BULK = "/api/events";

	private PublishPath() {
	}

	/**
	 * Whether a request is for the publish API.
	 * @param request the request
	 * @return {@code true} for either path
	 */
	static boolean isApi(Request request) {
		return isBulk(request) || (taskId(request) != null && !isRead(request));
	}

	/**
	 * Reads of a task's events ({@code GET /api/tasks/{taskId}/events}) belong to the
	 * task API, in the Servlet container.
	 */
	private static boolean isRead(Request request) {
		return HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod());
	}

	/**
	 * Whether a request is for the bulk path.
	 * @param request the request
	 * @return {@code true} for {@code /api/events}
	 */
	static boolean isBulk(Request request) {
		return BULK.equals(request.getHttpURI().getCanonicalPath());
	}

	/**
	 * The task a request's path names.
	 * @param request the request
	 * @return the decoded task id (not validated yet), or {@code null} when the path is
	 * not the publish API's
	 */
	static @Nullable String taskId(Request request) {
		String path = request.getHttpURI().getCanonicalPath();
		if (path == null || !path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
			return null;
		}
		int end = path.length() - SUFFIX.length();
		if (end <= PREFIX.length() || path.indexOf('/', PREFIX.length()) != end) {
			return null;
		}
		return path.substring(PREFIX.length(), end);
	}

}
