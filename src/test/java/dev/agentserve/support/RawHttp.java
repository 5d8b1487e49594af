package dev.agentserve.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends bytes exactly as given over a fresh socket and reads one HTTP/1.1 response, for
 * requests no HTTP client would send (bad request lines, raw control characters, broken
 * percent-encoding).
 */
public final class RawHttp {

	private static final int TIMEOUT_MILLIS = 5_000;

	private RawHttp() {
	}

	/** The response to {@code request}; fails if the server closes without answering. */
	public static Response exchange(int port, byte[] request) throws IOException {
		return exchange(port, request, 1).get(0);
	}

	/**
	 * The first {@code count} responses to {@code requests} sent at once on one
	 * connection (HTTP/1.1 pipelining).
	 */
	public static List<Response> exchange(int port, byte[] requests, int count) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(requests);
				out.flush();
			}
			catch (SocketException ex) {
				// The server may answer and close before it read everything (a line too
				// long): read what it said.
			}
			List<Response> responses = new ArrayList<>();
			InputStream in = socket.getInputStream();
			while (responses.size() < count) {
				responses.add(read(in));
			}
			return responses;
		}
	}

	public static byte[] bytes(String request) {
		return request.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static Response read(InputStream in) throws IOException {
		String statusLine = line(in);
		if (statusLine == null) {
			throw new IOException("The server closed the connection without a response");
		}
		String[] parts = statusLine.split(" ", 3);
		int status = Integer.parseInt(parts[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
			int colon = line.indexOf(':');
			headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
		}
		String length = headers.get("content-length");
		byte[] body = (length != null) ? in.readNBytes(Integer.parseInt(length)) : new byte[0];
		return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		for (int next = in.read(); next != -1; next = in.read()) {
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
			}
			line.write(next);
			previous = next;
		}
		return (line.size() == 0) ? null : line.toString(StandardCharsets.ISO_8859_1);
	}

	/** One response: status, headers (names in lower case) and body. */
	public record Response(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
