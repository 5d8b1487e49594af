package dev.agentserve.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP/1.1 server that plays a model provider: each request gets the next queued
 * reply (a recorded SSE stream from {@code src/test/resources/fixtures}, an HTTP error, a
 * connection reset or a stall), and every request is recorded. Raw sockets, so a reset is
 * a real TCP RST. Only on loopback.
 */
public final class FakeProvider implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ServerSocket server;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final ConcurrentLinkedDeque<Reply> replies = new ConcurrentLinkedDeque<>();

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private final CountDownLatch released = new CountDownLatch(1);

	public FakeProvider() {
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.executor.submit(this::accept);
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/** Forgets queued replies and recorded requests. */
	public FakeProvider reset() {
		this.replies.clear();
		this.requests.clear();
		return this;
	}

	public FakeProvider reply(Reply... replies) {
		this.replies.addAll(List.of(replies));
		return this;
	}

	public List<Recorded> requests() {
		return List.copyOf(this.requests);
	}

	@Override
	public void close() {
		this.released.countDown();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		this.executor.shutdownNow();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.executor.submit(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			InputStream in = socket.getInputStream();
			String head = readHead(in);
			String[] lines = head.split("\r\n");
			String path = lines[0].split(" ")[1];
			Map<String, String> headers = new HashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			byte[] body = readBody(in, headers);
			this.requests
				.add(new Recorded(path, Map.copyOf(headers), JSON.readTree(new String(body, StandardCharsets.UTF_8))));
			Reply reply = this.replies.poll();
			if (reply == null) {
				reply = Reply.status(500, "{\"error\":{\"message\":\"no reply queued\"}}");
			}
			write(socket, reply);
		}
		catch (IOException ex) {
			// The client went away; nothing to do.
		}
	}

	private void write(Socket socket, Reply reply) throws IOException {
		OutputStream out = socket.getOutputStream();
		StringBuilder head = new StringBuilder("HTTP/1.1 " + reply.status() + " Reply\r\nConnection: close\r\n");
		reply.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		if (reply.chunks().isEmpty() && reply.cut() == Cut.NONE) {
			byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
			head.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n\r\n");
			out.write(head.toString().getBytes(StandardCharsets.UTF_8));
			out.write(bytes);
			out.flush();
			return;
		}
		head.append("Content-Type: text/event-stream\r\n\r\n");
		out.write(head.toString().getBytes(StandardCharsets.UTF_8));
		out.flush();
		int sent = 0;
		for (String chunk : reply.chunks()) {
			if (reply.cut() != Cut.NONE && sent == reply.cutAfter()) {
				break;
			}
			out.write(chunk.getBytes(StandardCharsets.UTF_8));
			out.flush();
			sent++;
		}
		if (reply.cut() == Cut.STALL) {
			try {
				this.released.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (reply.cut() == Cut.RESET) {
			socket.setSoLinger(true, 0);
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("closed before the request head ended");
			}
			head.write(b);
			matched = (b == ((matched % 2 == 0) ? '\r' : '\n')) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.ISO_8859_1).strip();
	}

	private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
		if (headers.containsKey("content-length")) {
			return in.readNBytes(Integer.parseInt(headers.get("content-length")));
		}
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			while (true) {
				int size = Integer.parseInt(readLine(in).trim(), 16);
				if (size == 0) {
					readLine(in);
					return body.toByteArray();
				}
				body.write(in.readNBytes(size));
				readLine(in);
			}
		}
		return new byte[0];
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	/** How a streamed reply ends. */
	public enum Cut {

		NONE, RESET, STALL

	}

	/** A queued reply. */
	public record Reply(int status, Map<String, String> headers, String body, List<String> chunks, Cut cut,
			int cutAfter) {

		/** A whole fixture file, streamed event by event (split at blank lines). */
		public static Reply stream(String fixture) {
			return new Reply(200, Map.of(), "", chunks(fixture), Cut.NONE, 0);
		}

		/** The first {@code events} events of a fixture, then the connection is reset. */
		public static Reply resetAfter(String fixture, int events) {
			return new Reply(200, Map.of(), "", chunks(fixture), Cut.RESET, events);
		}

		/** The first {@code events} events of a fixture, then silence. */
		public static Reply stallAfter(String fixture, int events) {
			return new Reply(200, Map.of(), "", chunks(fixture), Cut.STALL, events);
		}

		public static Reply status(int status, String json) {
			return new Reply(status, Map.of(), json, List.of(), Cut.NONE, 0);
		}

		public Reply withHeader(String name, String value) {
			Map<String, String> all = new HashMap<>(this.headers);
			all.put(name, value);
			return new Reply(this.status, Map.copyOf(all), this.body, this.chunks, this.cut, this.cutAfter);
		}

		private static List<String> chunks(String fixture) {
			try {
				String text = new ClassPathResource("fixtures/" + fixture).getContentAsString(StandardCharsets.UTF_8);
				List<String> chunks = new ArrayList<>();
				for (String event : text.split("\n\n")) {
					if (!event.isBlank()) {
						chunks.add(event.strip() + "\n\n");
					}
				}
				return chunks;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** A request the server received; header names are lower case. */
	public record Recorded(String path, Map<String, String> headers, JsonNode body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
