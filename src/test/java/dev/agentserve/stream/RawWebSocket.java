package dev.agentserve.stream;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket client on a plain TCP socket, for clients that misbehave: it writes the
 * frames it is told to (even invalid ones) and reads only when asked, so the server sees
 * a client that does not read.
 */
final class RawWebSocket implements AutoCloseable {

	/**
	 * What was read up to the server's close frame (code -1: the stream ended without
	 * one).
	 */
	record Closing(List<String> texts, int code, String reason) {
	}

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private byte @Nullable [] pong;

	private RawWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	/**
	 * Opens {@code path} on the server at {@code baseUrl} with a small receive buffer, so
	 * that a client that does not read is felt by the server at once.
	 */
	static RawWebSocket open(String baseUrl, String path, Map<String, String> headers) throws IOException {
		URI uri = URI.create(baseUrl);
		Socket socket = new Socket();
		socket.setReceiveBufferSize(4096);
		socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
		socket.setSoTimeout(10_000);
		RawWebSocket client = new RawWebSocket(socket);
		byte[] nonce = new byte[16];
		ThreadLocalRandom.current().nextBytes(nonce);
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
				+ uri.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		client.out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
		client.out.flush();
		String response = client.readHead();
		assertThat(response).as("handshake answer").startsWith("HTTP/1.1 101");
		return client;
	}

	void sendText(String text) throws IOException {
		send(0x1, text.getBytes(StandardCharsets.UTF_8));
	}

	/** A text frame with exactly these bytes (UTF-8 or not). */
	void sendText(byte[] payload) throws IOException {
		send(0x1, payload);
	}

	void send(int opcode, byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
		frame.write(0x80 | opcode);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) (((long) payload.length >>> shift) & 0xFF));
			}
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.write(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		this.out.write(frame.toByteArray());
		this.out.flush();
	}

	/** The next text frame; null at the close frame or the end of the stream. */
	@Nullable String nextText() throws IOException {
		Closing closing = readUntil((text) -> true);
		return closing.texts().isEmpty() ? null : closing.texts().get(0);
	}

	/**
	 * Reads up to the next pong and answers its payload (null at the end of the stream).
	 */
	byte @Nullable [] readPong() throws IOException {
		this.pong = null;
		readUntil((text) -> false, true);
		return this.pong;
	}

	/** Reads everything up to the server's close frame or the end of the stream. */
	Closing readUntilClose() throws IOException {
		return readUntil((text) -> false);
	}

	/**
	 * Reads until a text frame matches {@code stop} (code 0), the server's close frame,
	 * or the end of the stream (code -1); a read timeout fails the test.
	 */
	Closing readUntil(Predicate<String> stop) throws IOException {
		return readUntil(stop, false);
	}

	private Closing readUntil(Predicate<String> stop, boolean untilPong) throws IOException {
		List<String> texts = new ArrayList<>();
		try {
			while (true) {
				int first = this.in.readUnsignedByte();
				int second = this.in.readUnsignedByte();
				long length = second & 0x7F;
				if (length == 126) {
					length = this.in.readUnsignedShort();
				}
				else if (length == 127) {
					length = this.in.readLong();
				}
				byte[] payload = new byte[(int) length];
				this.in.readFully(payload);
				switch (first & 0x0F) {
					case 0x1 -> {
						String text = new String(payload, StandardCharsets.UTF_8);
						texts.add(text);
						if (stop.test(text)) {
							return new Closing(texts, 0, "");
						}
					}
					case 0x8 -> {
						int code = (payload.length >= 2) ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
						String reason = (payload.length > 2)
								? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
						return new Closing(texts, code, reason);
					}
					case 0xA -> {
						if (untilPong) {
							this.pong = payload;
							return new Closing(texts, 0, "");
						}
					}
					default -> {
					}
				}
			}
		}
		catch (EOFException | SocketException ex) {
			return new Closing(texts, -1, String.valueOf(ex));
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("No close frame nor end of stream within 10 s; read " + texts.size()
					+ " text frames, the last: " + (texts.isEmpty() ? "none" : texts.get(texts.size() - 1)), ex);
		}
	}

	private String readHead() throws IOException {
		InputStream raw = this.in;
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int next = raw.read();
			if (next < 0) {
				throw new EOFException("Connection closed during the handshake: " + head);
			}
			head.append((char) next);
		}
		return head.toString();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
