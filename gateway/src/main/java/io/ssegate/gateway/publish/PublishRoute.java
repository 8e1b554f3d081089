package io.ssegate.gateway.publish;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Takes the requests to the publish API and declines every other, so that a
 * {@link Handler.Sequence} hands those to the Servlet container.
 */
final class PublishRoute extends Handler.Wrapper {

	PublishRoute(Handler publish) {
		super(publish);
	}

	@Override
	public boolean handle(Request request, Response response, Callback callback) throws Exception {
		return PublishPath.isApi(request) && super.handle(request, response, callback);
	}

}
