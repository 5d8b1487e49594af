package dev.agentserve.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * A client that behaves as the WHATWG HTML spec's {@code EventSource} (§9.2 "Server-sent
 * events") requires of a browser, so tests see what a page would: it sends
 * {@code Accept: text/event-stream}, {@code Cache-Control: no-cache} and, once it has
 * one, {@code Last-Event-ID}; it parses the stream as the spec's algorithm does (BOM, CR
 * / LF / CRLF line ends, comments, {@code data}, {@code id} without NULL, digits-only
 * {@code retry}, dispatch on a blank line, the last event id committed at dispatch); it
 * reconnects after the reconnection time when the stream ends or the network fails; and
 * it fails for good (readyState CLOSED) on any status other than 200 (such as 204) or on
 * another content type.
 */
public final class EventSource implements AutoCloseable {

	/** The spec's readyState. */
	public enum ReadyState {

		CONNECTING, OPEN, CLOSED

	}

	/** A dispatched {@code message} event. */
	public record Message(String data, String lastEventId) {
	}

	/**
	 * One request: the {@code Last-Event-ID} it sent (null when none) and the status it
	 * got (-1 for a network error).
	 */
	public record Attempt(@Nullable String lastEventId, int status) {
	}

	private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final URI url;

	private final List<Message> messages = new ArrayList<>();

	private final List<Attempt> attempts = new ArrayList<>();

	private final Thread thread;

	private volatile ReadyState readyState = ReadyState.CONNECTING;

	private volatile long reconnectionMillis;

	private volatile @Nullable InputStream body;

	private String lastEventId = "";

	private EventSource(URI url, Duration reconnectionTime) {
		this.url = url;
		this.reconnectionMillis = reconnectionTime.toMillis();
		this.thread = Thread.ofVirtual().name("event-source").unstarted(this::run);
	}

	/**
	 * Opens {@code url}; {@code reconnectionTime} is the initial reconnection time, which
	 * the spec leaves to the user agent (a {@code retry} field changes it).
	 */
	public static EventSource open(String url, Duration reconnectionTime) {
		EventSource source = new EventSource(URI.create(url), reconnectionTime);
		source.thread.start();
		return source;
	}

	public ReadyState readyState() {
		return this.readyState;
	}

	public synchronized List<Message> messages() {
		return List.copyOf(this.messages);
	}

	public synchronized List<Attempt> attempts() {
		return List.copyOf(this.attempts);
	}

	public long reconnectionMillis() {
		return this.reconnectionMillis;
	}

	/** Cuts the current connection as a network failure would. */
	public void dropConnection() {
		InputStream current = this.body;
		if (current != null) {
			try {
				current.close();
			}
			catch (IOException ex) {
				// Closed already.
			}
		}
	}

	@Override
	public void close() {
		this.readyState = ReadyState.CLOSED;
		dropConnection();
		this.thread.interrupt();
	}

	private void run() {
		while (this.readyState != ReadyState.CLOSED) {
			HttpRequest.Builder request = HttpRequest.newBuilder(this.url)
				.header("Accept", "text/event-stream")
				.header("Cache-Control", "no-cache");
			String sent = this.lastEventId.isEmpty() ? null : this.lastEventId;
			if (sent != null) {
				request.header("Last-Event-ID", sent);
			}
			HttpResponse<InputStream> response;
			try {
				response = CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
			}
			catch (IOException ex) {
				record(new Attempt(sent, -1));
				reestablish();
				continue;
			}
			catch (InterruptedException ex) {
				this.readyState = ReadyState.CLOSED;
				return;
			}
			record(new Attempt(sent, response.statusCode()));
			String type = response.headers().firstValue("Content-Type").orElse("");
			if (response.statusCode() != 200 || !type.toLowerCase().startsWith("text/event-stream")) {
				this.readyState = ReadyState.CLOSED;
				closeQuietly(response.body());
				return;
			}
			this.body = response.body();
			if (this.readyState != ReadyState.CLOSED) {
				this.readyState = ReadyState.OPEN;
			}
			try (Reader reader = new InputStreamReader(response.body(), StandardCharsets.UTF_8)) {
				parse(reader);
			}
			catch (IOException ex) {
				// A network error: reconnect like the end of the stream.
			}
			reestablish();
		}
	}

	private void reestablish() {
		if (this.readyState == ReadyState.CLOSED) {
			return;
		}
		this.readyState = ReadyState.CONNECTING;
		LockSupport.parkNanos(Duration.ofMillis(this.reconnectionMillis).toNanos());
		if (Thread.currentThread().isInterrupted()) {
			this.readyState = ReadyState.CLOSED;
		}
	}

	/** The spec's stream parsing and event dispatch, one line at a time. */
	private void parse(Reader reader) throws IOException {
		StringBuilder line = new StringBuilder();
		StringBuilder data = new StringBuilder();
		String[] idBuffer = { this.lastEventId };
		boolean first = true;
		boolean afterCr = false;
		for (int c = reader.read(); c != -1; c = reader.read()) {
			if (first) {
				first = false;
				if (c == '\uFEFF') {
					continue;
				}
			}
			if (afterCr && c == '\n') {
				afterCr = false;
				continue;
			}
			afterCr = (c == '\r');
			if (c == '\r' || c == '\n') {
				processLine(line.toString(), data, idBuffer);
				line.setLength(0);
			}
			else {
				line.append((char) c);
			}
		}
	}

	private void processLine(String line, StringBuilder data, String[] idBuffer) {
		if (line.isEmpty()) {
			this.lastEventId = idBuffer[0];
			if (data.isEmpty()) {
				return;
			}
			String text = data.substring(0, data.length() - 1);
			data.setLength(0);
			synchronized (this) {
				this.messages.add(new Message(text, this.lastEventId));
			}
			return;
		}
		if (line.startsWith(":")) {
			return;
		}
		int colon = line.indexOf(':');
		String field = (colon < 0) ? line : line.substring(0, colon);
		String value = (colon < 0) ? "" : line.substring(colon + 1);
		if (value.startsWith(" ")) {
			value = value.substring(1);
		}
		switch (field) {
			case "data" -> data.append(value).append('\n');
			case "id" -> {
				if (value.indexOf('\0') < 0) {
					idBuffer[0] = value;
				}
			}
			case "retry" -> {
				if (!value.isEmpty() && value.chars().allMatch((ch) -> ch >= '0' && ch <= '9')) {
					this.reconnectionMillis = Long.parseLong(value);
				}
			}
			default -> {
				// "event" and unknown fields do not matter to onmessage.
			}
		}
	}

	private synchronized void record(Attempt attempt) {
		this.attempts.add(attempt);
	}

	private static void closeQuietly(InputStream stream) {
		try {
			stream.close();
		}
		catch (IOException ex) {
			// Nothing to do.
		}
	}

}
