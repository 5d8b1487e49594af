package dev.agentserve.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a server-sent event stream line by line, as a browser would, so tests see the
 * framing itself ({@code id:}, {@code data:}, comments, and any {@code event:} line) and
 * can disconnect after any frame.
 */
public final class SseClient implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final HttpResponse<Stream<String>> response;

	private final Iterator<String> lines;

	private final List<String> rawLines = new ArrayList<>();

	private SseClient(HttpResponse<Stream<String>> response) {
		this.response = response;
		this.lines = response.body().iterator();
	}

	public static SseClient post(String url, String json) {
		return open(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.header("Accept", "text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public static SseClient postWith(String url, String json, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.header("Accept", "text/event-stream");
		headers.forEach(request::header);
		return open(request.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public static SseClient get(String url, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
		headers.forEach(request::header);
		return open(request.GET());
	}

	private static SseClient open(HttpRequest.Builder request) {
		try {
			return new SseClient(
					CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofLines()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public int status() {
		return this.response.statusCode();
	}

	public String header(String name) {
		return this.response.headers().firstValue(name).orElseThrow();
	}

	/** The next frame that carries data, or null at the end of the stream. */
	public Frame next() {
		String id = null;
		StringBuilder data = null;
		while (this.lines.hasNext()) {
			String line = this.lines.next();
			this.rawLines.add(line);
			if (line.isEmpty()) {
				if (data != null) {
					return new Frame(id, data.toString(), JSON.readTree(data.toString()));
				}
				continue;
			}
			if (line.startsWith("id:")) {
				id = line.substring(3).strip();
			}
			else if (line.startsWith("data:")) {
				data = (data == null) ? new StringBuilder() : data.append('\n');
				data.append(line.substring(5).stripLeading());
			}
		}
		return null;
	}

	/** Every remaining frame, up to the end of the stream. */
	public List<Frame> rest() {
		List<Frame> frames = new ArrayList<>();
		for (Frame frame = next(); frame != null; frame = next()) {
			frames.add(frame);
		}
		return frames;
	}

	/** Every line read so far, as sent. */
	public List<String> rawLines() {
		return List.copyOf(this.rawLines);
	}

	/** Disconnects. */
	@Override
	public void close() {
		this.response.body().close();
	}

	/** One event: the SSE id, the raw data, and the data as JSON. */
	public record Frame(String id, String data, JsonNode json) {

		public String type() {
			return this.json.get("type").asString();
		}

		public long seq() {
			return this.json.get("seq").asLong();
		}

	}

}
