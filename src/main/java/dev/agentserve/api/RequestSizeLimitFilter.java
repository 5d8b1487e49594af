package dev.agentserve.api;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request whose declared Content-Length exceeds the limit, without decoding it.
 * A body up to twice the limit is read and discarded first, so the client finishes
 * sending, gets its 413 and can reuse the connection (as Tomcat's swallow limit does); a
 * larger one is answered at once and the connection closed. Chunked bodies are limited by
 * the decoders ({@link ApiWebConfiguration}).
 */
@Component
class RequestSizeLimitFilter implements WebFilter {

	private final long maxBytes;

	RequestSizeLimitFilter(ApiProperties properties) {
		this.maxBytes = properties.maxRequestSize().toBytes();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long length = exchange.getRequest().getHeaders().getContentLength();
		if (length <= this.maxBytes) {
			return chain.filter(exchange);
		}
		boolean drain = length <= 2 * this.maxBytes;
		Mono<Void> discarded = drain
				? exchange.getRequest().getBody().doOnNext(DataBufferUtils::release).then().onErrorComplete()
				: Mono.empty();
		return discarded
			.then(Mono.error(() -> new ContentTooLargeException(new RequestTooLargeException(length, this.maxBytes))));
	}

}
