package dev.agentserve.stream;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.WebSocketMessage;

/**
 * A client frame, read while its buffer is still valid. Text is decoded strictly:
 * {@code getPayloadAsText} replaces malformed bytes, and a frame that is not UTF-8 must
 * close the connection (1007), not run as a slightly different message.
 */
sealed interface Inbound {

	record Text(String text) implements Inbound {
	}

	record MalformedText() implements Inbound {
	}

	record Binary() implements Inbound {
	}

	record Ping(byte[] data) implements Inbound {
	}

	record Pong() implements Inbound {
	}

	static Inbound of(WebSocketMessage message) {
		return switch (message.getType()) {
			case TEXT -> text(bytes(message.getPayload()));
			case BINARY -> new Binary();
			case PING -> new Ping(bytes(message.getPayload()));
			case PONG -> new Pong();
		};
	}

	private static Inbound text(byte[] bytes) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		try {
			return new Text(decoder.decode(ByteBuffer.wrap(bytes)).toString());
		}
		catch (CharacterCodingException ex) {
			return new MalformedText();
		}
	}

	private static byte[] bytes(DataBuffer buffer) {
		byte[] bytes = new byte[buffer.readableByteCount()];
		buffer.read(bytes);
		return bytes;
	}

}
