package dev.agentserve.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * A local OTLP/HTTP trace receiver: accepts {@code POST /v1/traces} (protobuf) and keeps
 * the spans it got.
 */
final class OtlpReceiver implements AutoCloseable {

	private final HttpServer server;

	private final List<Span> spans = new CopyOnWriteArrayList<>();

	OtlpReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/v1/traces", this::export);
		this.server.start();
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	List<Span> spans() {
		return List.copyOf(this.spans);
	}

	private void export(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
			for (ResourceSpans resource : request.getResourceSpansList()) {
				for (ScopeSpans scope : resource.getScopeSpansList()) {
					this.spans.addAll(scope.getSpansList());
				}
			}
			exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, -1);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
