package dev.agentserve.stream;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;

/** {@code /ws/{sessionId}}, with the frame size limit enforced by Netty (close 1009). */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration implements WebFluxConfigurer {

	private final StreamProperties properties;

	WebSocketConfiguration(StreamProperties properties) {
		this.properties = properties;
	}

	@Bean
	HandlerMapping turnWebSocketMapping(TurnWebSocketHandler handler) {
		return new SimpleUrlHandlerMapping(Map.of("/ws/*", handler), -1);
	}

	@Override
	public WebSocketService getWebSocketService() {
		int maxFrame = (int) this.properties.maxFrameSize().toBytes();
		return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
				() -> WebsocketServerSpec.builder().maxFramePayloadLength(maxFrame)));
	}

}
