package dev.agentserve.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Renders every failure as {@code application/problem+json} and logs it once. A
 * {@link WebExceptionHandler} rather than a controller advice, so that failures in
 * filters and requests that match no controller get the same answer as controller
 * failures. Runs before Spring Boot's own error handler.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	private final ProblemMapper mapper;

	private final ProblemJson json;

	ProblemExceptionHandler(ProblemMapper mapper, ProblemJson json) {
		this.mapper = mapper;
		this.json = json;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpRequest request = exchange.getRequest();
		ServerHttpResponse response = exchange.getResponse();
		String method = request.getMethod().name();
		String path = request.getPath().value();
		if (response.isCommitted()) {
			log.warn("{} {} failed after the response started: {}", method, sanitize(path), ex.toString());
			return Mono.error(ex);
		}
		Problem problem = this.mapper.map(ex, method, path);
		logOnce(problem, method, path, ex);
		response.setStatusCode(HttpStatusCode.valueOf(problem.status()));
		response.getHeaders().putAll(problem.headers());
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] bytes = this.json.write(problem.body());
		DataBuffer buffer = response.bufferFactory().wrap(bytes);
		return response.writeWith(Mono.just(buffer));
	}

	private static void logOnce(Problem problem, String method, String path, Throwable ex) {
		if (problem.status() >= 500 && problem.status() != HttpStatus.SERVICE_UNAVAILABLE.value()) {
			log.error("{} {} failed", method, sanitize(path), ex);
		}
		else if (problem.status() >= 500) {
			log.warn("{} {} answered {}: {}", method, sanitize(path), problem.status(), ex.toString());
		}
		else if (problem.status() == HttpStatus.TOO_MANY_REQUESTS.value() && log.isDebugEnabled()) {
			// Under overload most requests are refused: a line each would add to the
			// load.
			log.debug("{} {} answered 429: {}", method, sanitize(path),
					sanitize(String.valueOf(problem.body().getDetail())));
		}
		else if (problem.status() != HttpStatus.TOO_MANY_REQUESTS.value()) {
			log.info("{} {} answered {}: {}", method, sanitize(path), problem.status(),
					sanitize(String.valueOf(problem.body().getDetail())));
		}
	}

	/** Keeps caller-supplied text from forging log lines. */
	private static String sanitize(String text) {
		return text.replaceAll("[\\r\\n]", "_");
	}

}
