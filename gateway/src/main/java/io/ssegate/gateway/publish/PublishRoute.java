package io.ssegate.gateway.publish;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's root handler: handles the requests to the publish API on the thread that read
 * them, and hands every other request to a virtual thread (a pool thread when Jetty has
 * none) for the Servlet container. It declares itself non-blocking, so that Jetty's
 * selector reads a request and runs the publish API without first handing the connection
 * to another thread; the publish API never blocks (it answers when the broker completes).
 */
final class PublishRoute extends Handler.Sequence {

	/**
	 * Create the route.
	 * @param api the publish API's handlers
	 * @param container the Servlet container
	 */
	PublishRoute(Handler api, Handler container) {
		super(api, container);
	}

	@Override
	public InvocationType getInvocationType() {
		return InvocationType.NON_BLOCKING;
	}

	@Override
	public boolean handle(Request request, Response response, Callback callback) throws Exception {
		if (PublishPath.isApi(request)) {
			return getHandlers().get(0).handle(request, response, callback);
		}
		Handler container = getHandlers().get(1);
		request.getComponents().getExecutor().execute(() -> {
			try {
				if (!container.handle(request, response, callback)) {
					Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
				}
			}
			catch (Throwable ex) {
				Response.writeError(request, response, callback, ex);
			}
		});
		return true;
	}

}
