package dev.agentserve.tool.fetch;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * One HTTP exchange through {@link FetchGuard}: the URL is checked (scheme, credentials,
 * allowed host, public addresses) and the checked address is the one dialled, so a DNS
 * answer cannot change between check and connect. Redirects are not followed.
 */
final class GuardedHttp {

	private final FetchGuard guard;

	private final Dialer dialer;

	private final HttpClient client = HttpClient.create().followRedirect(false);

	GuardedHttp(FetchGuard guard, Dialer dialer) {
		this.guard = guard;
		this.dialer = dialer;
	}

	Mono<Reply> send(String method, URI uri, Map<String, String> headers, @Nullable String body, long maxBytes) {
		return Mono.fromCallable(() -> this.guard.check(uri))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((address) -> {
				String host = (uri.getPort() >= 0) ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
				String path = ((uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath())
						+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
				HttpClient client = this.client.remoteAddress(() -> this.dialer.dial(address)).headers((out) -> {
					headers.forEach(out::set);
					out.set("Host", host);
				});
				if ("https".equalsIgnoreCase(uri.getScheme())) {
					client = client.secure();
				}
				HttpClient.RequestSender sender = client.request(HttpMethod.valueOf(method)).uri(path);
				HttpClient.ResponseReceiver<?> receiver = (body != null) ? sender.send(ByteBufFlux
					.fromString(Mono.just(body), StandardCharsets.UTF_8, io.netty.buffer.ByteBufAllocator.DEFAULT))
						: sender;
				return receiver.response((response, content) -> {
					AtomicLong read = new AtomicLong();
					return content.asByteArray()
						.takeUntil((bytes) -> read.addAndGet(bytes.length) > maxBytes)
						.collect(ByteArrayOutputStream::new, (out, bytes) -> {
							int room = (int) Math.max(0, maxBytes - out.size());
							out.write(bytes, 0, Math.min(room, bytes.length));
						})
						.map((out) -> new Reply(response.status().code(),
								response.responseHeaders().get("Content-Type", ""),
								out.toString(StandardCharsets.UTF_8), read.get() > maxBytes,
								response.responseHeaders().get("Retry-After")));
				}).next();
			});
	}

	/** A response, its body cut at the limit. */
	record Reply(int status, String contentType, String body, boolean truncated, @Nullable String retryAfter) {
	}

}
