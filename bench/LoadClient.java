// Closed-loop SSE load client for agentserve and the FastAPI peer; JDK 21+ only, no dependencies.
// Run it as a single-file program: java bench/LoadClient.java --help
// It does what ../shared/peers/sse-bench.mjs does (same run definition, same percentiles), prints
// ONE JSON line per point, and adds a live-streams mode (--mode live). See bench/README.md.

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class LoadClient {

	static final String USAGE = """
			java bench/LoadClient.java [options]
			  --mode agentserve|generic|live  agentserve: POST /sessions then POST /sessions/{id}/chat (SSE), both timed;
			                                  generic: POST --path (SSE); live: --concurrency long agentserve streams,
			                                  token delay measured against each event's ts (same machine clock)
			  --base URL           default http://127.0.0.1:8080
			  --path PATH          generic mode, default /runs/stream
			  --body JSON          default {"message":"What is 12*(3+4)?"}
			  --agent-type NAME    default assistant
			  --session-ttl S      ttlSeconds of each created session (default: the server's)
			  --concurrency N      closed-loop clients (live: streams), default 1
			  --duration S         measured seconds, default 10
			  --runs N             measured runs instead of --duration
			  --warmup N           warm-up runs before measuring (not reported), default 100
			  --warmup-conc N      concurrency of the warm-up, default min(concurrency, warmup)
			  --token-re REGEX     first-token detector on the raw SSE event text
			                       (default agentserve: "type":"(response|thought)"; generic: a non-empty ai message)
			  --end-event NAME     generic mode: the event that ends a run (default end; "" accepts any end
			                       of stream, as sse-bench.mjs does)
			  --timeout S          per-run timeout (headers and whole stream), default 120
			  --transport raw|jdk  raw (default): each client its own keep-alive socket, HTTP/1.1 written and
			                       read by hand on a platform thread, so the client costs little CPU next to
			                       the server; jdk: java.net.http.HttpClient on virtual threads (the client
			                       of earlier runs, several times the CPU per run)
			  --clients N          jdk transport: HttpClient instances (selector threads) to spread
			                       connections on, default ceil(concurrency/500)
			  --label TEXT         echoed in the JSON line
			  --retry-after MODE   honour (default): after a 429 with Retry-After, that client waits as long
			                       (at most 10 s) before its next run, as a well-behaved client does;
			                       ignore: it starts the next run at once
			  live mode: --ramp S (open all streams over S seconds, default 10), --settle S (after the ramp,
			             default 2), --server-pid PID (GC via jcmd, then heap from /actuator/prometheus)
			""";

	final Map<String, String> args;

	final String mode;

	final String base;

	final int concurrency;

	final Duration timeout;

	final List<HttpClient> clients = new ArrayList<>();

	/** raw or jdk: see --transport. */
	final String transport;

	final Pattern tokenRe;

	final String body;

	/** Generic mode: the SSE event name that ends a run; a stream without it is an error. */
	final String endEvent;

	LoadClient(Map<String, String> args) {
		this.args = args;
		this.mode = args.getOrDefault("mode", "agentserve");
		if (!List.of("agentserve", "generic", "live").contains(this.mode)) {
			throw new IllegalArgumentException("--mode must be agentserve, generic or live");
		}
		this.base = args.getOrDefault("base", "http://127.0.0.1:8080");
		this.concurrency = intArg("concurrency", 1);
		this.timeout = Duration.ofMillis((long) (Double.parseDouble(args.getOrDefault("timeout", "120")) * 1000));
		String re = args.getOrDefault("token-re", this.mode.equals("generic") ? null : "\"type\":\"(response|thought)\"");
		this.tokenRe = (re != null) ? Pattern.compile(re, Pattern.MULTILINE) : null;
		this.endEvent = args.getOrDefault("end-event", "end");
		this.body = args.getOrDefault("body", "{\"message\":\"What is 12*(3+4)?\"}");
		this.transport = args.getOrDefault("transport", "raw");
		if (!List.of("raw", "jdk").contains(this.transport)) {
			throw new IllegalArgumentException("--transport must be raw or jdk");
		}
		int n = intArg("clients", Math.max(1, (this.concurrency + 499) / 500));
		for (int i = 0; i < n; i++) {
			this.clients.add(HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(10))
				.executor(Executors.newVirtualThreadPerTaskExecutor())
				.build());
		}
	}

	/** A connection of the chosen transport for the {@code index}-th client. */
	Transport connect(int index) {
		if (this.transport.equals("jdk")) {
			return new JdkTransport(this.clients.get(index % this.clients.size()), this.base, this.timeout);
		}
		return new RawTransport(URI.create(this.base), this.timeout);
	}

	/** raw: platform threads, each blocking on its own socket; jdk: virtual threads. */
	ExecutorService workers() {
		if (this.transport.equals("jdk")) {
			return Executors.newVirtualThreadPerTaskExecutor();
		}
		return Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().stackSize(256 * 1024).factory());
	}

	int intArg(String name, int fallback) {
		return Integer.parseInt(this.args.getOrDefault(name, String.valueOf(fallback)));
	}

	public static void main(String[] argv) throws Exception {
		Map<String, String> args = new LinkedHashMap<>();
		for (int i = 0; i < argv.length; i++) {
			if (argv[i].equals("--help") || argv[i].equals("-h")) {
				System.out.print(USAGE);
				return;
			}
			if (!argv[i].startsWith("--")) {
				throw new IllegalArgumentException("unexpected argument " + argv[i] + "\n" + USAGE);
			}
			boolean hasValue = i + 1 < argv.length && !argv[i + 1].startsWith("--");
			args.put(argv[i].substring(2), hasValue ? argv[++i] : "true");
		}
		LoadClient client = new LoadClient(args);
		if (client.mode.equals("live")) {
			new LiveStreams(client).run();
		}
		else {
			client.closedLoop();
		}
		System.exit(0);
	}

	// ---------------------------------------------------------------- closed loop

	/** One run's timings (ms from the run's start) or its error kind. */
	record Run(double total, double firstEvent, double firstToken, int events, String error, String detail) {
	}

	void closedLoop() throws Exception {
		int warmup = intArg("warmup", 100);
		if (warmup > 0) {
			phase(warmup, 0, Math.min(intArg("warmup-conc", this.concurrency), warmup), false);
		}
		String runs = this.args.get("runs");
		double duration = Double.parseDouble(this.args.getOrDefault("duration", "10"));
		phase(runs != null ? Integer.parseInt(runs) : Integer.MAX_VALUE, runs != null ? 0 : duration,
				this.concurrency, true);
	}

	void phase(int maxRuns, double durationS, int conc, boolean report) throws Exception {
		List<Run> results = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger started = new AtomicInteger();
		markSteal();
		long t0 = System.nanoTime();
		long deadline = durationS > 0 ? t0 + (long) (durationS * 1e9) : Long.MAX_VALUE;
		try (ExecutorService pool = workers()) {
			for (int c = 0; c < conc; c++) {
				int index = c;
				pool.submit(() -> {
					try (Transport http = connect(index)) {
						while (System.nanoTime() < deadline && started.getAndIncrement() < maxRuns) {
							results.add(oneRun(http));
						}
					}
				});
			}
		}
		double wall = (System.nanoTime() - t0) / 1e9;
		if (report) {
			System.out.println(Json.of(summary(results, wall, conc)));
		}
	}

	Map<String, Object> summary(List<Run> results, double wall, int conc) {
		List<Run> ok = results.stream().filter((run) -> run.error() == null).toList();
		Map<String, Integer> kinds = new LinkedHashMap<>();
		String firstError = null;
		for (Run run : results) {
			if (run.error() != null) {
				kinds.merge(run.error(), 1, Integer::sum);
				firstError = (firstError != null) ? firstError : run.error() + ": " + run.detail();
			}
		}
		double[] total = ok.stream().mapToDouble(Run::total).toArray();
		double[] firstToken = ok.stream().mapToDouble(Run::firstToken).filter((t) -> t >= 0).toArray();
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("label", this.args.get("label"));
		out.put("mode", this.mode);
		out.put("base", this.base);
		out.put("concurrency", conc);
		out.put("ok", ok.size());
		out.put("errors", results.size() - ok.size());
		out.put("wall_s", round(wall));
		out.put("runs_per_s", round(ok.size() / wall));
		out.put("latency_ms", percentiles(total, true));
		out.put("first_event_ms", percentiles(ok.stream().mapToDouble(Run::firstEvent).toArray(), false));
		out.put("first_token_ms", percentiles(firstToken, false));
		out.put("events_per_run", round(ok.stream().mapToInt(Run::events).average().orElse(0)));
		out.put("error_kinds", kinds);
		out.put("first_error", firstError);
		out.put("command", command());
		out.put("env", environment());
		return out;
	}

	Run oneRun(Transport http) {
		long t0 = System.nanoTime();
		try {
			String path;
			if (this.mode.equals("generic")) {
				path = this.args.getOrDefault("path", "/runs/stream");
			}
			else {
				path = "/sessions/" + createSession(http) + "/chat";
			}
			Reply response = http.post(path, this.body, "text/event-stream");
			if (response.status() / 100 != 2) {
				String text = drain(response.body());
				backOff(response);
				return failed(t0, String.valueOf(response.status()), text);
			}
			return consume(response.body(), t0);
		}
		catch (StatusException ex) {
			if (ex.response != null) {
				backOff(ex.response);
			}
			return failed(t0, ex.status, ex.getMessage());
		}
		catch (Exception ex) {
			return failed(t0, ex.getClass().getSimpleName(), String.valueOf(ex.getMessage()));
		}
	}

	/** Waits out a 429's Retry-After (whole seconds), unless --retry-after ignore. */
	void backOff(Reply response) {
		if (response.status() != 429 || this.args.getOrDefault("retry-after", "honour").equals("ignore")) {
			return;
		}
		response.header("retry-after").ifPresent((value) -> {
			try {
				Thread.sleep(Math.min(10_000, Long.parseLong(value.trim()) * 1000));
			}
			catch (NumberFormatException ex) {
				// an HTTP date: not sent by agentserve; start again at once
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	static Run failed(long t0, String kind, String detail) {
		return new Run(ms(t0), -1, -1, 0, kind, detail.length() > 300 ? detail.substring(0, 300) : detail);
	}

	static final Pattern SESSION_ID = Pattern.compile("\"sessionId\"\\s*:\\s*\"([^\"]+)\"");

	String createSession(Transport http) throws IOException, InterruptedException {
		String ttl = this.args.get("session-ttl");
		String json = "{\"agentType\":\"" + this.args.getOrDefault("agent-type", "assistant") + "\""
				+ (ttl != null ? ",\"ttlSeconds\":" + ttl : "") + "}";
		Reply response = http.post("/sessions", json, "application/json");
		String body;
		try (InputStream in = response.body()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Matcher id = SESSION_ID.matcher(body);
		if (response.status() != 201 || !id.find()) {
			throw new StatusException(String.valueOf(response.status()), "POST /sessions: " + body, response);
		}
		return id.group(1);
	}

	static final Pattern EVENT_LINE = Pattern.compile("^event: ?(.*)$", Pattern.MULTILINE);

	static final Pattern AS_FAILED = Pattern.compile("\"type\":\"(error|cancelled)\"");

	static final Pattern GENERIC_TOKEN = Pattern.compile("\"content\": ?\"[^\"]");

	/** Reads one SSE stream to its end, like sse-bench.mjs's consumeSSE. */
	Run consume(InputStream in, long t0) throws IOException {
		int events = 0;
		double firstEvent = -1;
		double firstToken = -1;
		boolean done = false;
		String error = null;
		String last = "";
		long deadline = t0 + this.timeout.toNanos();
		java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
		java.util.concurrent.ScheduledFuture<?> guard = WATCHDOG.schedule(() -> {
			expired.set(true);
			try {
				in.close();
			}
			catch (IOException ignored) {
				// the reader sees the stream closed either way
			}
		}, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			StringBuilder raw = new StringBuilder();
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isEmpty()) {
					raw.append(line).append('\n');
					continue;
				}
				if (raw.isEmpty() || isComment(raw)) {
					raw.setLength(0);
					continue;
				}
				String event = raw.toString();
				raw.setLength(0);
				last = event;
				events++;
				double now = ms(t0);
				if (firstEvent < 0) {
					firstEvent = now;
				}
				Matcher name = EVENT_LINE.matcher(event);
				String type = name.find() ? name.group(1) : "message";
				if (type.equals("error")) {
					error = event;
				}
				if (type.equals(this.endEvent)) {
					done = true;
				}
				if (!this.mode.equals("generic")) {
					if (AS_FAILED.matcher(event).find()) {
						error = event;
					}
					if (event.contains("\"type\":\"done\"")) {
						done = true;
					}
				}
				if (firstToken < 0 && isToken(event)) {
					firstToken = now;
				}
			}
		}
		catch (IOException ex) {
			if (expired.get()) {
				return failed(t0, "timeout", "stream still open after " + this.timeout);
			}
			throw ex;
		}
		finally {
			guard.cancel(false);
		}
		if (error != null) {
			return failed(t0, "error_event", error);
		}
		if (this.mode.equals("generic") && !this.endEvent.isEmpty() && !done) {
			return failed(t0, "no_end", "stream ended without an '" + this.endEvent + "' event after " + events
					+ " events; last: " + last);
		}
		if (!this.mode.equals("generic") && !done && last.startsWith("retry:")) {
			return failed(t0, "stream_interrupted", "the server ended the stream with a retry hint after " + events
					+ " events: " + last);
		}
		if (!this.mode.equals("generic") && !done) {
			return failed(t0, "no_done", "stream ended without a done event after " + events + " events; last: " + last);
		}
		return new Run(ms(t0), firstEvent, firstToken, events, null, null);
	}

	static final java.util.concurrent.ScheduledExecutorService WATCHDOG = Executors
		.newSingleThreadScheduledExecutor((task) -> Thread.ofPlatform().daemon().name("timeouts").unstarted(task));

	static boolean isComment(CharSequence raw) {
		return raw.toString().lines().allMatch((line) -> line.startsWith(":"));
	}

	boolean isToken(String event) {
		if (this.tokenRe != null) {
			return this.tokenRe.matcher(event).find();
		}
		Matcher name = EVENT_LINE.matcher(event);
		String type = name.find() ? name.group(1) : "message";
		return type.equals("messages") && GENERIC_TOKEN.matcher(event).find() && !event.matches("(?s).*\"type\": ?\"tool\".*")
				|| type.matches("token|delta|TEXT_MESSAGE_CONTENT");
	}

	static String drain(InputStream in) throws IOException {
		try (in) {
			byte[] bytes = in.readNBytes(2000);
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	static final class StatusException extends IOException {

		final String status;

		final Reply response;

		StatusException(String status, String message, Reply response) {
			super(message);
			this.status = status;
			this.response = response;
		}

	}

	// ---------------------------------------------------------------- transports

	/** One HTTP/1.1 answer: status, headers (names in lower case), body. */
	record Reply(int status, Map<String, String> headers, InputStream body) {

		java.util.Optional<String> header(String name) {
			return java.util.Optional.ofNullable(this.headers.get(name));
		}

	}

	/** POSTs JSON to a path of --base; one exchange at a time, its body read before the next. */
	interface Transport extends AutoCloseable {

		Reply post(String path, String json, String accept) throws IOException, InterruptedException;

		@Override
		void close();

	}

	/** java.net.http.HttpClient: its own connection pool, selector thread and executor. */
	record JdkTransport(HttpClient http, String base, Duration timeout) implements Transport {

		@Override
		public Reply post(String path, String json, String accept) throws IOException, InterruptedException {
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + path))
				.timeout(this.timeout)
				.header("content-type", "application/json")
				.header("accept", accept)
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build();
			HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			Map<String, String> headers = new LinkedHashMap<>();
			response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
			return new Reply(response.statusCode(), headers, response.body());
		}

		@Override
		public void close() {
		}

	}

	/**
	 * HTTP/1.1 over one keep-alive socket, written and parsed by hand: a request is one write,
	 * a response is read straight from the socket (Content-Length, chunked, or to the close).
	 * A body that was not read to its end (or an answer with Connection: close) closes the
	 * socket; the next request opens a new one. A request on a kept-alive socket that the
	 * server closed meanwhile (no byte of an answer) is sent again once on a new socket.
	 */
	static final class RawTransport implements Transport {

		private final String host;

		private final int port;

		private final int timeoutMs;

		private Socket socket;

		private BufferedInputStream in;

		private OutputStream out;

		private boolean reusable;

		RawTransport(URI base, Duration timeout) {
			if (!"http".equals(base.getScheme())) {
				throw new IllegalArgumentException("--transport raw speaks plain http only; use --transport jdk");
			}
			this.host = base.getHost();
			this.port = (base.getPort() > 0) ? base.getPort() : 80;
			this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
		}

		@Override
		public Reply post(String path, String json, String accept) throws IOException {
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + this.host + ":" + this.port
					+ "\r\nContent-Type: application/json\r\nAccept: " + accept + "\r\nContent-Length: " + body.length
					+ "\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1);
			byte[] request = Arrays.copyOf(head, head.length + body.length);
			System.arraycopy(body, 0, request, head.length, body.length);
			boolean reused = this.reusable;
			String status;
			try {
				status = send(request);
			}
			catch (IOException ex) {
				if (!reused) {
					throw ex;
				}
				status = send(request); // the server closed the idle socket: once more on a new one
			}
			this.reusable = false;
			Map<String, String> headers = new LinkedHashMap<>();
			String line;
			while (!(line = readLine()).isEmpty()) {
				int colon = line.indexOf(':');
				if (colon > 0) {
					headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
				}
			}
			int code = Integer.parseInt(status.substring(9, 12));
			boolean keepAlive = !"close".equalsIgnoreCase(headers.get("connection"));
			InputStream content;
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				content = new Chunked(keepAlive);
			}
			else if (headers.containsKey("content-length")) {
				content = new Sized(Long.parseLong(headers.get("content-length")), keepAlive);
			}
			else {
				content = new Sized(Long.MAX_VALUE, false);
			}
			return new Reply(code, headers, content);
		}

		/** Writes the request on the open socket (or a new one) and reads the status line. */
		private String send(byte[] request) throws IOException {
			if (!this.reusable) {
				close();
				this.socket = new Socket();
				this.socket.setTcpNoDelay(true);
				this.socket.connect(new InetSocketAddress(this.host, this.port), 10_000);
				this.socket.setSoTimeout(this.timeoutMs);
				this.in = new BufferedInputStream(this.socket.getInputStream(), 16 * 1024);
				this.out = this.socket.getOutputStream();
			}
			this.reusable = false;
			this.out.write(request);
			this.out.flush();
			String status = readLine();
			if (!status.startsWith("HTTP/1.")) {
				throw new IOException("not an HTTP/1.x status line: " + status);
			}
			return status;
		}

		private String readLine() throws IOException {
			StringBuilder line = new StringBuilder(64);
			int b;
			while ((b = this.in.read()) != '\n') {
				if (b < 0) {
					throw new EOFException("connection closed by the server");
				}
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

		@Override
		public void close() {
			this.reusable = false;
			if (this.socket != null) {
				try {
					this.socket.close();
				}
				catch (IOException ignored) {
					// closing anyway
				}
				this.socket = null;
			}
		}

		/** A response body: reads go through {@link #read(byte[], int, int)}. */
		private abstract static class Body extends InputStream {

			@Override
			public int read() throws IOException {
				byte[] one = new byte[1];
				return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
			}

		}

		/** A body of known length (or to the close); reading it to the end frees the socket. */
		private final class Sized extends Body {

			private long left;

			private final boolean keepAlive;

			private boolean closed;

			Sized(long length, boolean keepAlive) {
				this.left = length;
				this.keepAlive = keepAlive;
				if (length == 0) {
					end();
				}
			}

			@Override
			public int read(byte[] buffer, int off, int len) throws IOException {
				if (this.closed || this.left == 0) {
					return -1;
				}
				int n = RawTransport.this.in.read(buffer, off, (int) Math.min(len, this.left));
				if (n < 0) {
					if (this.left != Long.MAX_VALUE) {
						throw new EOFException("connection closed inside a body");
					}
					this.left = 0;
					return -1;
				}
				if (this.left != Long.MAX_VALUE) {
					this.left -= n;
					if (this.left == 0) {
						end();
					}
				}
				return n;
			}

			private void end() {
				RawTransport.this.reusable = this.keepAlive;
			}

			@Override
			public void close() {
				if (!this.closed && this.left != 0) {
					RawTransport.this.close();
				}
				this.closed = true;
			}

		}

		/** A chunked body, decoded; reading its last chunk frees the socket. */
		private final class Chunked extends Body {

			private long chunkLeft;

			private boolean done;

			private boolean closed;

			private final boolean keepAlive;

			Chunked(boolean keepAlive) {
				this.keepAlive = keepAlive;
			}

			@Override
			public int read(byte[] buffer, int off, int len) throws IOException {
				if (this.closed || this.done) {
					return -1;
				}
				if (this.chunkLeft == 0) {
					String size = readLine();
					int semicolon = size.indexOf(';');
					this.chunkLeft = Long.parseLong((semicolon >= 0) ? size.substring(0, semicolon).trim() : size.trim(),
							16);
					if (this.chunkLeft == 0) {
						while (!readLine().isEmpty()) {
							// trailers
						}
						this.done = true;
						RawTransport.this.reusable = this.keepAlive;
						return -1;
					}
				}
				int n = RawTransport.this.in.read(buffer, off, (int) Math.min(len, this.chunkLeft));
				if (n < 0) {
					throw new EOFException("connection closed inside a chunk");
				}
				this.chunkLeft -= n;
				if (this.chunkLeft == 0) {
					readLine(); // the CRLF after the chunk's data
				}
				return n;
			}

			@Override
			public void close() {
				if (!this.closed && !this.done) {
					RawTransport.this.close();
				}
				this.closed = true;
			}

		}

	}

	// ---------------------------------------------------------------- live streams

	/**
	 * Opens --concurrency long chat streams and measures, for every response token, the delay
	 * between the server stamping it ({@code ts}, set by the turn when the model's token is
	 * written) and this client reading it. Both clocks are this machine's wall clock, so the
	 * difference needs no synchronisation; {@code ts} has millisecond precision.
	 */
	static final class LiveStreams {

		final LoadClient client;

		final Recorder delays = new Recorder();

		final Recorder gaps = new Recorder();

		final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

		final AtomicInteger open = new AtomicInteger();

		final AtomicInteger finished = new AtomicInteger();

		final LongAdder tokens = new LongAdder();

		/** Sessions whose stream is open: their turns are cancelled when the run ends. */
		final Set<String> live = ConcurrentHashMap.newKeySet();

		volatile boolean measuring;

		/** After the window: streams cut by the client's exit are no errors. */
		volatile boolean over;

		volatile String firstError;

		LiveStreams(LoadClient client) {
			this.client = client;
		}

		void run() throws Exception {
			int n = this.client.concurrency;
			double ramp = Double.parseDouble(this.client.args.getOrDefault("ramp", "10"));
			double settle = Double.parseDouble(this.client.args.getOrDefault("settle", "2"));
			double duration = Double.parseDouble(this.client.args.getOrDefault("duration", "30"));
			Long before = heapAfterGc();
			ExecutorService pool = this.client.workers();
			long t0 = System.nanoTime();
			for (int i = 0; i < n; i++) {
				long due = t0 + (long) (ramp * 1e9 * i / n);
				long wait = due - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				int index = i;
				pool.submit(() -> {
					try (Transport http = this.client.connect(index)) {
						stream(http);
					}
				});
			}
			long opened = System.nanoTime();
			TimeUnit.MILLISECONDS.sleep((long) (settle * 1000));
			int openAtStart = this.open.get();
			this.measuring = true;
			markSteal();
			long mt0 = System.nanoTime();
			TimeUnit.MILLISECONDS.sleep((long) (duration * 1000));
			this.measuring = false;
			double window = (System.nanoTime() - mt0) / 1e9;
			int openAtEnd = this.open.get();
			// After the window, the streams still open: the probe's full GC stops the
			// server for a moment (~0.6 s at 2,000 streams), which no token should pay.
			Long during = heapAfterGc();
			this.over = true;
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("label", this.client.args.get("label"));
			out.put("mode", "live");
			out.put("base", this.client.base);
			out.put("streams", n);
			out.put("ramp_s", round((opened - t0) / 1e9));
			out.put("open_at_start", openAtStart);
			out.put("open_at_end", openAtEnd);
			out.put("finished_in_window", this.finished.get());
			out.put("window_s", round(window));
			out.put("tokens", this.tokens.sum());
			out.put("tokens_per_s", round(this.tokens.sum() / window));
			out.put("token_delay_ms", this.delays.percentiles());
			out.put("token_gap_ms", this.gaps.percentiles());
			Map<String, Long> kinds = new LinkedHashMap<>();
			this.errors.forEach((kind, count) -> kinds.put(kind, count.sum()));
			out.put("errors", kinds.values().stream().mapToLong(Long::longValue).sum());
			out.put("error_kinds", kinds);
			out.put("first_error", this.firstError);
			out.put("heap_before_bytes", before);
			out.put("heap_during_bytes", during);
			out.put("heap_per_stream_bytes",
					(before != null && during != null && openAtEnd > 0) ? (during - before) / openAtEnd : null);
			out.put("open_at_heap_probe", openAtEnd);
			out.put("clock", "token_delay = client receive time - event ts, both System wall clock of this host (ms)");
			out.put("command", command());
			out.put("env", environment());
			System.out.println(Json.of(out));
			cancelOpenTurns(pool);
			pool.shutdownNow();
		}

		/**
		 * A demo turn outlives its stream (turns are durable), so the turns still running
		 * are cancelled: a warm-up run does not load the measured one, and a run leaves
		 * nothing running behind it.
		 */
		void cancelOpenTurns(ExecutorService pool) throws InterruptedException {
			List<String> sessions = new ArrayList<>(this.live);
			int workers = Math.min(16, Math.max(1, sessions.size()));
			CountDownLatch done = new CountDownLatch(workers);
			for (int w = 0; w < workers; w++) {
				int first = w;
				pool.submit(() -> {
					try (Transport http = this.client.connect(first)) {
						for (int i = first; i < sessions.size(); i += workers) {
							drain(http.post("/sessions/" + sessions.get(i) + "/cancel", "", "application/json").body());
						}
					}
					catch (Exception ex) {
						System.err.println("cancel at the end: " + ex);
					}
					finally {
						done.countDown();
					}
				});
			}
			done.await(60, TimeUnit.SECONDS);
		}

		void stream(Transport http) {
			try {
				String session = this.client.createSession(http);
				String path = "/sessions/" + session + "/chat";
				Reply response = http.post(path, this.client.body, "text/event-stream");
				if (response.status() / 100 != 2) {
					error(String.valueOf(response.status()), drain(response.body()));
					return;
				}
				this.open.incrementAndGet();
				this.live.add(session);
				boolean done = false;
				boolean interrupted = false;
				try (BufferedReader reader = new BufferedReader(
						new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
					String line;
					long last = -1;
					while ((line = reader.readLine()) != null) {
						if (line.startsWith("retry:")) {
							interrupted = true;
						}
						if (!line.startsWith("data:")) {
							continue;
						}
						long now = System.currentTimeMillis();
						long nanoNow = System.nanoTime();
						if (line.contains("\"type\":\"response\"")) {
							if (this.measuring) {
								this.tokens.increment();
								Matcher ts = TS.matcher(line);
								if (ts.find()) {
									this.delays.add(now - Instant.parse(ts.group(1)).toEpochMilli());
								}
								if (last > 0) {
									this.gaps.add((nanoNow - last) / 1e6);
								}
							}
							last = nanoNow;
						}
						else if (AS_FAILED.matcher(line).find()) {
							error("error_event", line);
						}
						else if (line.contains("\"type\":\"done\"")) {
							done = true;
						}
					}
				}
				finally {
					this.open.decrementAndGet();
					if (done) {
						this.live.remove(session);
					}
				}
				if (done && this.measuring) {
					this.finished.incrementAndGet();
				}
				else if (!done && !this.over) {
					error(interrupted ? "stream_interrupted" : "no_done", "stream ended without a done event");
				}
			}
			catch (StatusException ex) {
				error(ex.status, ex.getMessage());
			}
			catch (Exception ex) {
				if (!this.over) {
					error(ex.getClass().getSimpleName(), String.valueOf(ex.getMessage()));
				}
			}
		}

		void error(String kind, String detail) {
			this.errors.computeIfAbsent(kind, (k) -> new LongAdder()).increment();
			if (this.firstError == null) {
				this.firstError = kind + ": " + (detail.length() > 300 ? detail.substring(0, 300) : detail);
			}
		}

		static final Pattern TS = Pattern.compile("\"ts\":\"([^\"]+)\"");

		static final Pattern HEAP = Pattern
			.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);

		/** Full GC in the server (jcmd), then the heap in use as Prometheus reports it. */
		Long heapAfterGc() {
			String pid = this.client.args.get("server-pid");
			if (pid == null) {
				return null;
			}
			try {
				String java = ProcessHandle.current().info().command().orElse("java");
				Path jcmd = Path.of(java).resolveSibling("jcmd");
				Process gc = new ProcessBuilder(Files.exists(jcmd) ? jcmd.toString() : "jcmd", pid, "GC.run")
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				gc.waitFor(60, TimeUnit.SECONDS);
				HttpResponse<String> metrics = this.client.clients.get(0)
					.send(HttpRequest.newBuilder(URI.create(this.client.base + "/actuator/prometheus")).build(),
							HttpResponse.BodyHandlers.ofString());
				Matcher heap = HEAP.matcher(metrics.body());
				double sum = 0;
				while (heap.find()) {
					sum += Double.parseDouble(heap.group(1));
				}
				return (long) sum;
			}
			catch (Exception ex) {
				error("heap_probe", String.valueOf(ex));
				return null;
			}
		}

	}

	/** A growable list of samples, thread-safe. */
	static final class Recorder {

		private double[] values = new double[1024];

		private int size;

		synchronized void add(double value) {
			if (this.size == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = value;
		}

		synchronized Map<String, Object> percentiles() {
			Map<String, Object> out = percentilesOf(Arrays.copyOf(this.values, this.size), true);
			out.put("n", this.size);
			return out;
		}

	}

	// ---------------------------------------------------------------- helpers

	static double ms(long t0) {
		return (System.nanoTime() - t0) / 1e6;
	}

	static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

	/** Same rank as sse-bench.mjs: sorted[min(n-1, ceil(p/100*n)-1)]. */
	static Map<String, Object> percentiles(double[] values, boolean withMax) {
		return percentilesOf(values, withMax);
	}

	static Map<String, Object> percentilesOf(double[] values, boolean withMax) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		Map<String, Object> out = new LinkedHashMap<>();
		for (int p : new int[] { 50, 90, 99 }) {
			out.put("p" + p, sorted.length == 0 ? null
					: round(sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))]));
		}
		if (withMax) {
			out.put("max", sorted.length == 0 ? null : round(sorted[sorted.length - 1]));
		}
		return out;
	}

	static String command() {
		return ProcessHandle.current().info().commandLine().orElse("java bench/LoadClient.java");
	}

	static Map<String, Object> environment() {
		Map<String, Object> env = new LinkedHashMap<>();
		env.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
		env.put("host_cores", hostCores());
		env.put("client_cpus", Runtime.getRuntime().availableProcessors());
		env.put("client_cpu_affinity", procStatus("Cpus_allowed_list"));
		env.put("open_files_limit", maxOpenFiles());
		env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		env.put("time", Instant.now().toString());
		env.put("host_steal_pct", stealPercent());
		return env;
	}

	/** The host's counters at the start of the measured window (/proc/stat: steal, all). */
	static volatile long[] stealMark = procStatCpu();

	static void markSteal() {
		stealMark = procStatCpu();
	}

	/**
	 * The share of this VM's CPU time its host took for others (steal) since the window
	 * began, in percent; null off Linux. On shared VMs it explains runs that differ by
	 * half: compare only runs whose steal is alike.
	 */
	static Double stealPercent() {
		long[] now = procStatCpu();
		long[] mark = stealMark;
		if (now == null || mark == null || now[1] <= mark[1]) {
			return null;
		}
		return round(100.0 * (now[0] - mark[0]) / (now[1] - mark[1]));
	}

	/** {steal, total} jiffies of all CPUs, or null. */
	static long[] procStatCpu() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < Math.min(fields.length, 9); i++) {
				total += Long.parseLong(fields[i]);
			}
			return (fields.length > 8) ? new long[] { Long.parseLong(fields[8]), total } : null;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	static Object hostCores() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter((l) -> l.startsWith("processor")).count();
		}
		catch (IOException ex) {
			return null;
		}
	}

	static String procStatus(String field) {
		try {
			return Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter((l) -> l.startsWith(field + ":"))
				.map((l) -> l.substring(field.length() + 1).trim())
				.findFirst()
				.orElse(null);
		}
		catch (IOException ex) {
			return null;
		}
	}

	static String maxOpenFiles() {
		try {
			return Files.readAllLines(Path.of("/proc/self/limits"))
				.stream()
				.filter((l) -> l.startsWith("Max open files"))
				.map((l) -> l.replaceAll("Max open files\\s+(\\S+)\\s+(\\S+).*", "$1/$2"))
				.findFirst()
				.orElse(null);
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** Just enough JSON writing for flat maps of strings, numbers, nested maps and nulls. */
	static final class Json {

		static String of(Object value) {
			StringBuilder out = new StringBuilder();
			write(out, value);
			return out.toString();
		}

		static void write(StringBuilder out, Object value) {
			switch (value) {
				case null -> out.append("null");
				case Map<?, ?> map -> {
					out.append('{');
					boolean first = true;
					for (Map.Entry<?, ?> entry : map.entrySet()) {
						if (!first) {
							out.append(',');
						}
						first = false;
						write(out, String.valueOf(entry.getKey()));
						out.append(':');
						write(out, entry.getValue());
					}
					out.append('}');
				}
				case Double d when d.isNaN() || d.isInfinite() -> out.append("null");
				case Number n -> out.append(n instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15
						? String.format(Locale.ROOT, "%.1f", d) : n.toString());
				case Boolean b -> out.append(b);
				default -> {
					out.append('"');
					for (char c : value.toString().toCharArray()) {
						switch (c) {
							case '"' -> out.append("\\\"");
							case '\\' -> out.append("\\\\");
							case '\n' -> out.append("\\n");
							case '\r' -> out.append("\\r");
							case '\t' -> out.append("\\t");
							default -> {
								if (c < 0x20) {
									out.append(String.format("\\u%04x", (int) c));
								}
								else {
									out.append(c);
								}
							}
						}
					}
					out.append('"');
				}
			}
		}

	}

}
