package dev.agentserve.stream;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Runs the WebSocket upgrade on the connection's own event loop, and hands the handler
 * the connection's channel (attribute {@link #CHANNEL}): only the channel can drop a
 * client that never reads the close frame. Authentication can end on another thread (a
 * stream ticket is redeemed in Redis, so the chain resumes on a Lettuce thread), and an
 * upgrade done there races the client: a frame sent as soon as the {@code 101} arrives
 * can be read before the WebSocket decoder is in the pipeline, and is lost.
 */
final class EventLoopUpgradeStrategy implements RequestUpgradeStrategy {

	static final String CHANNEL = EventLoopUpgradeStrategy.class.getName() + ".channel";

	private final RequestUpgradeStrategy delegate;

	EventLoopUpgradeStrategy(RequestUpgradeStrategy delegate) {
		this.delegate = delegate;
	}

	@Override
	public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, @Nullable String subProtocol,
			Supplier<HandshakeInfo> handshakeInfoFactory) {
		Channel channel = channel(exchange);
		Supplier<HandshakeInfo> info = (channel != null) ? () -> withChannel(handshakeInfoFactory.get(), channel)
				: handshakeInfoFactory;
		Mono<Void> upgrade = Mono.defer(() -> this.delegate.upgrade(exchange, handler, subProtocol, info));
		EventLoop loop = (channel != null) ? channel.eventLoop() : null;
		return (loop == null || loop.inEventLoop()) ? upgrade : upgrade.subscribeOn(Schedulers.fromExecutor(loop));
	}

	private static HandshakeInfo withChannel(HandshakeInfo info, Channel channel) {
		Map<String, Object> attributes = new HashMap<>(info.getAttributes());
		attributes.put(CHANNEL, channel);
		return new HandshakeInfo(info.getUri(), info.getHeaders(), info.getCookies(), info.getPrincipal(),
				info.getSubProtocol(), info.getRemoteAddress(), attributes, info.getLogPrefix());
	}

	private static @Nullable Channel channel(ServerWebExchange exchange) {
		Object response = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
		if (!(response instanceof HttpServerResponse netty)) {
			return null;
		}
		AtomicReference<Channel> channel = new AtomicReference<>();
		netty.withConnection((connection) -> channel.set(connection.channel()));
		return channel.get();
	}

}
