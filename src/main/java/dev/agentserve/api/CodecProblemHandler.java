package dev.agentserve.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentserve.error.ErrorCatalogue;
import dev.agentserve.error.ErrorEntry;
import dev.agentserve.error.MalformedRequestException;
import dev.agentserve.error.MalformedRequestException.Kind;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;

/**
 * Gives a problem body to the bare 4xx answers written below Spring: Reactor Netty's
 * answer to a request the HTTP codec could not decode (414 for a request line over
 * {@code server.netty.max-initial-line-length}, 431 for headers over
 * {@code server.max-http-request-header-size}, 400 for bad syntax), and Spring's
 * {@code ReactorHttpHandlerAdapter}'s 400 for a request target that is no valid URI. Both
 * write an empty {@link FullHttpResponse} without a content type; that is what is
 * recognised, so the answer keeps its status and {@code Connection} header and only gains
 * a body. Sits right after the codec, so it sees each decoded request (to say what was
 * wrong with it) and each response on its way out. One instance per connection. An answer
 * to {@code HEAD} stays bare: it has no body.
 */
final class CodecProblemHandler extends ChannelDuplexHandler {

	private static final Logger log = LoggerFactory.getLogger(CodecProblemHandler.class);

	/** Requests awaiting their response; more only when a client pipelines. */
	private static final int MAX_PENDING = 16;

	private static final Pattern BYTES = Pattern.compile("(\\d+) bytes");

	private final ProblemJson json;

	private final Queue<Received> pending = new ArrayDeque<>();

	/** False once more requests were pipelined than are tracked. */
	private boolean paired = true;

	CodecProblemHandler(ProblemJson json) {
		this.json = json;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (msg instanceof HttpRequest request && this.paired) {
			if (this.pending.size() < MAX_PENDING) {
				this.pending.add(new Received(request.method(), request.uri(), request.decoderResult()));
			}
			else {
				this.paired = false;
				this.pending.clear();
			}
		}
		super.channelRead(ctx, msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
		if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
			Received request = this.pending.poll();
			if (msg instanceof FullHttpResponse full && isBare(full)
					&& (request == null || !HttpMethod.HEAD.equals(request.method()))) {
				super.write(ctx, withProblem(full, request), promise);
				return;
			}
		}
		super.write(ctx, msg, promise);
	}

	private static boolean isBare(FullHttpResponse response) {
		return response.status().codeClass() == HttpStatusClass.CLIENT_ERROR && !response.content().isReadable()
				&& !response.headers().contains(HttpHeaderNames.CONTENT_TYPE);
	}

	private FullHttpResponse withProblem(FullHttpResponse response, @Nullable Received request) {
		int status = response.status().code();
		ErrorEntry entry = entry(status, request);
		byte[] body = this.json.write(ProblemMapper.problem(entry).body());
		log.info("Answered {} before any handler: {}", status, entry.detail());
		FullHttpResponse problem = response.replace(Unpooled.wrappedBuffer(body));
		response.release();
		problem.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		return problem;
	}

	/** The entry for the failure, keeping the status the codec or adapter chose. */
	static ErrorEntry entry(int status, @Nullable Received request) {
		Throwable failure = (request != null) ? request.decoderResult().cause() : null;
		ErrorEntry entry;
		if (status == 414 || failure instanceof TooLongHttpLineException) {
			entry = malformed(Kind.URI_TOO_LONG, "The request line (method, target and version) must not exceed "
					+ limit(failure) + "; shorten the path or the query");
		}
		else if (status == 431 || failure instanceof TooLongHttpHeaderException) {
			entry = malformed(Kind.HEADERS_TOO_LARGE,
					"The request headers must not exceed " + limit(failure) + " together; send fewer or shorter ones");
		}
		else if (failure != null) {
			entry = malformed(Kind.MALFORMED, "The request line or a header is not valid HTTP/1.1 ("
					+ printable(String.valueOf(failure.getMessage())) + ")");
		}
		else if (request != null && invalidUri(request.uri()) != null) {
			entry = malformed(Kind.INVALID_URI, "The request target is not a valid URI (" + invalidUri(request.uri())
					+ "); percent-encode '%', spaces, control and non-ASCII characters as UTF-8");
		}
		else {
			entry = ErrorCatalogue.forStatus(status, "The request was refused before it reached an endpoint");
		}
		return (entry.status() == status) ? entry : ErrorCatalogue.forStatus(status, entry.detail());
	}

	private static ErrorEntry malformed(Kind kind, String detail) {
		return ErrorCatalogue.of(new MalformedRequestException(kind, detail));
	}

	private static @Nullable String invalidUri(String uri) {
		try {
			new URI(uri);
			return null;
		}
		catch (URISyntaxException ex) {
			return printable(ex.getReason()) + " at index " + ex.getIndex();
		}
	}

	private static String limit(@Nullable Throwable failure) {
		Matcher bytes = BYTES.matcher((failure != null) ? String.valueOf(failure.getMessage()) : "");
		return bytes.find() ? bytes.group(1) + " bytes" : "the configured limit";
	}

	private static String printable(String text) {
		String safe = text.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
		return (safe.length() > 200) ? safe.substring(0, 200) + "…" : safe;
	}

	/** What the codec made of one request. */
	record Received(HttpMethod method, String uri, DecoderResult decoderResult) {
	}

}
