package dev.agentserve.api;

import java.net.URI;

import dev.agentserve.error.ErrorCatalogue;
import dev.agentserve.error.ErrorEntry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Turns the {@link ErrorCatalogue}'s entry for a failure into a problem: the entry's
 * {@code code} and properties become problem members, its {@code Retry-After} and headers
 * response headers. Adds only what needs the request: {@code instance}, and the method
 * and path of a request that matched no endpoint.
 */
@Component
class ProblemMapper {

	Problem map(Throwable ex, String method, String path) {
		ErrorEntry entry = ErrorCatalogue.of(ex);
		if (entry.code().equals("no_endpoint")) {
			entry = entry.withDetail("No endpoint " + method + " " + path);
		}
		else if (entry.code().equals("too_large") && ex.getCause() instanceof RequestTooLargeException cause) {
			entry = entry.withDetail(String.valueOf(cause.getMessage()));
		}
		Problem problem = problem(entry);
		instance(problem, path);
		return problem;
	}

	static Problem problem(ErrorEntry entry) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(entry.status()), entry.detail());
		body.setTitle(entry.title());
		body.setProperty("code", entry.code());
		entry.properties().forEach(body::setProperty);
		HttpHeaders headers = new HttpHeaders();
		entry.headers().forEach(headers::set);
		Long retryAfter = entry.retryAfterSeconds();
		if (retryAfter != null) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		}
		return new Problem(body, headers);
	}

	private static void instance(Problem problem, String path) {
		try {
			problem.body().setInstance(URI.create(path));
		}
		catch (IllegalArgumentException ex) {
			// A path that is no valid URI reference is left out rather than failing the
			// answer.
		}
	}

}
