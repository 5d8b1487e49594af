package dev.agentserve.support;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;

/**
 * Opens a WebSocket, sends one frame and reads the first frame back; a refused handshake
 * is reported with its HTTP status. Anything else (a timeout, a reset) fails the test, so
 * a negative test cannot pass by accident.
 */
public final class WebSocketProbe {

	private WebSocketProbe() {
	}

	public static Result open(URI uri, HttpHeaders headers, String frame) {
		AtomicReference<String> first = new AtomicReference<>();
		try {
			new ReactorNettyWebSocketClient()
				.execute(uri, headers, (session) -> session.send(Mono.just(session.textMessage(frame)))
					.thenMany(session.receive().take(1).doOnNext((message) -> first.set(message.getPayloadAsText())))
					.then())
				.block(Duration.ofSeconds(10));
			return new Result(101, first.get());
		}
		catch (RuntimeException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof WebSocketClientHandshakeException handshake) {
					return new Result(handshake.response().status().code(), null);
				}
			}
			throw ex;
		}
	}

	/**
	 * The handshake's status (101 when upgraded) and the first frame the server sent.
	 */
	public record Result(int status, String firstFrame) {
	}

}
