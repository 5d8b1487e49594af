package dev.agentserve.limit;

import dev.agentserve.persistence.RedisFailures;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Admission control for new work over HTTP: {@code POST /sessions} and chat starts
 * ({@code POST /sessions/{id}/chat}, and {@code GET} without {@code Last-Event-ID}, which
 * would otherwise be a resume). Runs before authentication and every other filter, so a
 * refusal costs no body read, no Redis command and no security work. Reads, resumes,
 * cancels, approvals, health and actuator are never refused for load: they are what a
 * client needs to finish the work it already has. A start is answered when its response
 * commits or, for a chat, when its turn has started ({@link Admission#started}),
 * whichever is first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class AdmissionFilter implements WebFilter {

	private final Admission admission;

	AdmissionFilter(Admission admission) {
		this.admission = admission;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Admission.Work work = work(exchange.getRequest());
		if (work == null) {
			return chain.filter(exchange);
		}
		Admission.Permit permit;
		try {
			permit = this.admission.admit(work);
		}
		catch (OverloadedException ex) {
			return Mono.error(ex);
		}
		exchange.getResponse().beforeCommit(() -> {
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			permit.answered(status != null && status.is5xxServerError());
			return Mono.empty();
		});
		return chain.filter(exchange)
			.doOnError((ex) -> permit.answered(RedisFailures.isUnavailable(ex)))
			.doFinally((signal) -> permit.abandoned())
			.contextWrite(Context.of(Admission.Permit.class, permit));
	}

	static Admission.@Nullable Work work(ServerHttpRequest request) {
		String path = request.getPath().value();
		HttpMethod method = request.getMethod();
		if (HttpMethod.POST.equals(method) && path.startsWith("/ag-ui/")) {
			return Admission.Work.TURN;
		}
		if (!path.startsWith("/sessions")) {
			return null;
		}
		if (HttpMethod.POST.equals(method) && (path.length() == 9 || path.equals("/sessions/"))) {
			return Admission.Work.SESSION;
		}
		boolean chat = path.endsWith("/chat") && path.length() > 15 && path.charAt(9) == '/'
				&& path.indexOf('/', 10) == path.length() - 5;
		if (!chat) {
			return null;
		}
		if (HttpMethod.POST.equals(method)) {
			return Admission.Work.TURN;
		}
		if (HttpMethod.GET.equals(method) && !request.getHeaders().containsHeader("Last-Event-ID")) {
			return Admission.Work.TURN;
		}
		return null;
	}

}
