package io.ssegate.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * A receiver of OTLP/HTTP traces in protobuf, as an OpenTelemetry Collector's
 * {@code otlphttp} receiver takes them on {@code /v1/traces}
 * (<a href="https://opentelemetry.io/docs/specs/otlp/#otlphttp">OTLP/HTTP</a>): decodes
 * every request with the {@code opentelemetry-proto} classes and keeps the spans.
 */
public final class OtlpReceiver implements AutoCloseable {

	private final HttpServer server;

	private final List<Span> spans = new CopyOnWriteArrayList<>();

	private OtlpReceiver(HttpServer server) {
		this.server = server;
	}

	/**
	 * Start a receiver on a free port.
	 * @return the running receiver
	 * @throws IOException if it cannot listen
	 */
	public static OtlpReceiver start() throws IOException {
		OtlpReceiver receiver = new OtlpReceiver(HttpServer.create(new InetSocketAddress("localhost", 0), 0));
		receiver.server.createContext("/v1/traces", receiver::export);
		receiver.server.start();
		return receiver;
	}

	/**
	 * The URL to export traces to.
	 * @return the {@code /v1/traces} URL
	 */
	public String tracesUrl() {
		return "http://localhost:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	/**
	 * The spans received so far.
	 * @return the spans
	 */
	public List<Span> spans() {
		return List.copyOf(this.spans);
	}

	private void export(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			if (!"POST".equals(exchange.getRequestMethod())
					|| !"application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
				exchange.sendResponseHeaders(415, -1);
				return;
			}
			ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
			for (ResourceSpans resource : request.getResourceSpansList()) {
				for (ScopeSpans scope : resource.getScopeSpansList()) {
					this.spans.addAll(scope.getSpansList());
				}
			}
			byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
