package dev.agentserve.stream;

import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * {@code /ws/{sessionId}}, with the frame size limit enforced by Netty (close 1009).
 */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration implements WebFluxConfigurer {

	private final StreamProperties properties;

	WebSocketConfiguration(StreamProperties properties) {
		this.properties = properties;
	}

	@Bean
	HandlerMapping turnWebSocketMapping(TurnWebSocketHandler handler) {
		SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(Map.of("/ws/*", handler), -1);
		// Browsers always send Origin on a WebSocket handshake: refuse other sites' pages
		// (cross-site WebSocket hijacking) unless they are allowed.
		CorsConfiguration origins = new CorsConfiguration();
		origins.setAllowedOrigins(this.properties.allowedOrigins());
		origins.setAllowedMethods(List.of("GET"));
		mapping.setCorsConfigurations(Map.of("/ws/*", origins));
		return mapping;
	}

	@Override
	public WebSocketService getWebSocketService() {
		int maxFrame = (int) this.properties.maxFrameSize().toBytes();
		return new HandshakeWebSocketService(
				new EventLoopUpgradeStrategy(new ReactorNettyRequestUpgradeStrategy(() -> WebsocketServerSpec.builder()
					.maxFramePayloadLength(maxFrame)
					// Pings reach the handler, which answers them through the
					// connection's
					// bounded outbox: Reactor Netty's own pong is written at once, so a
					// client
					// that pings and never reads would grow the channel's buffer without
					// end.
					.handlePing(true))));
	}

}
