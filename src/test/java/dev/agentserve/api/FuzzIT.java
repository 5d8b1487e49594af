package dev.agentserve.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Requests that no well-behaved client sends, written byte for byte: every one gets a 4xx
 * {@code application/problem+json} answer whose {@code status} is the response's, whether
 * the HTTP codec, the URI parser, the firewall or a controller refused it.
 */
class FuzzIT extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long SEED = 9L;

	static Stream<Arguments> malformedRequests() {
		return Stream.of(arguments("encoded percent", get("/sessions/%25"), 400, "rejected_request", "%25"),
				arguments("encoded NUL", get("/%00"), 400, "rejected_request", "%00"),
				arguments("encoded slash after dots", get("/sessions/..%2f"), 400, "rejected_request", "%2f"),
				arguments("double slash", get("//"), 400, "rejected_request", "//"),
				arguments("right-to-left mark", bytes("GET /sessions/\u200F HTTP/1.1\r\nHost: x\r\n\r\n", true), 400,
						"invalid_uri", "not a valid URI"),
				arguments("bad percent-encoding in the query", get("/sessions?x=%zz"), 400, "invalid_uri",
						"Malformed escape pair"),
				arguments("bad percent-encoding in the path", get("/sessions/%g0"), 400, "invalid_uri",
						"Malformed escape pair"),
				arguments("lower-case method", request("get", "/health"), 405, "method_not_allowed", "'get'"),
				arguments("unknown method", request("FOO", "/health"), 405, "method_not_allowed", "'FOO'"),
				arguments("5,000-character path", get("/" + "a".repeat(5_000)), 414, "uri_too_long", "4096 bytes"),
				arguments("headers too large", headers(200, 60), 431, "headers_too_large", "8192 bytes"),
				arguments("request line without version", bytes("GET /health\r\nHost: x\r\n\r\n", false), 400,
						"malformed_request", "not valid HTTP/1.1"),
				arguments("malformed HTTP version", bytes("GET /health HTTP/one\r\nHost: x\r\n\r\n", false), 400,
						"malformed_request", "invalid version format"),
				arguments("header without colon", bytes("GET /health HTTP/1.1\r\nHost: x\r\nnocolon\r\n\r\n", false),
						400, "malformed_request", "No colon found"),
				arguments("space in a header name",
						bytes("GET /health HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n", false), 400,
						"malformed_request", "header name"),
				arguments("raw control character in the path",
						bytes("GET /sessions/\u0001 HTTP/1.1\r\nHost: x\r\n\r\n", false), 400, "invalid_uri",
						"not a valid URI"),
				arguments("raw NUL in the path", bytes("GET /a\u0000b HTTP/1.1\r\nHost: x\r\n\r\n", false), 400,
						"invalid_uri", "not a valid URI"),
				arguments("CRLF injected into the path",
						bytes("GET /a\r\nInjected: 1 HTTP/1.1\r\nHost: x\r\n\r\n", false), 400, "malformed_request",
						"not valid HTTP/1.1"),
				arguments("garbage instead of a request line", bytes("\u0016\u0003\u0001 hello\r\n\r\n", false), 400,
						"malformed_request", "not valid HTTP/1.1"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedRequests")
	void aMalformedRequestGetsAProblem(String name, byte[] request, int status, String code, String detail)
			throws Exception {
		RawHttp.Response response = RawHttp.exchange(port(), request);
		JsonNode problem = assertProblem(response);
		assertThat(response.status()).isEqualTo(status);
		assertThat(problem.get("code").asString()).isEqualTo(code);
		assertThat(problem.get("detail").asString()).contains(detail);
		if (code.equals("uri_too_long") || code.equals("headers_too_large") || code.equals("malformed_request")) {
			// The rest of the input cannot be framed: the connection is not reused.
			assertThat(response.header("Connection")).isEqualTo("close");
		}
	}

	@Test
	void aBadTargetBetweenGoodRequestsOnOneConnectionGetsItsOwnProblem() throws Exception {
		byte[] requests = bytes(
				"GET /health HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /sessions?x=%zz HTTP/1.1\r\nHost: x\r\n\r\n"
						+ "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
				false);
		List<RawHttp.Response> responses = RawHttp.exchange(port(), requests, 3);
		assertThat(responses).extracting(RawHttp.Response::status).containsExactly(200, 400, 200);
		assertThat(assertProblem(responses.get(1)).get("code").asString()).isEqualTo("invalid_uri");
		assertThat(responses.get(2).header("Content-Type")).isEqualTo("application/json");
	}

	@Test
	void generatedGarbageAlwaysGetsA4xxProblem() throws Exception {
		Random random = new Random(SEED);
		for (int i = 0; i < 200; i++) {
			byte[] request = generated(random);
			RawHttp.Response response = RawHttp.exchange(port(), request);
			assertThat(response.status()).as("request %d: %s", i, new String(request, StandardCharsets.ISO_8859_1))
				.isBetween(400, 499);
			assertProblem(response);
		}
	}

	private static JsonNode assertProblem(RawHttp.Response response) {
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(response.status());
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("code").asString()).matches("[a-z_]+");
		return problem;
	}

	private static byte[] generated(Random random) {
		String method = "GET";
		String target = "/fuzz/" + token(random, 8);
		List<String> headers = new ArrayList<>(List.of("Host: localhost"));
		switch (random.nextInt(9)) {
			case 0 -> target = "/fuzz/" + randomBytes(random, 1 + random.nextInt(40));
			case 1 -> target = "/fuzz?q=" + badPercent(random);
			case 2 -> method = randomBytes(random, 1 + random.nextInt(10)).replace(" ", "");
			case 3 -> headers.add(randomBytes(random, 1 + random.nextInt(20)) + ": v");
			case 4 -> target = "/fuzz/" + "p".repeat(4_000 + random.nextInt(4_000));
			case 5 -> {
				for (int h = 0; h < 100 + random.nextInt(200); h++) {
					headers.add("X-Fuzz-" + h + ": " + "v".repeat(50));
				}
			}
			case 6 -> target = "/fuzz/" + badPercent(random) + "/" + badPercent(random);
			case 7 -> target = "/fuzz/" + (char) random.nextInt(32) + token(random, 3);
			default -> headers.add("X-Fuzz: a\r\n" + randomBytes(random, 1 + random.nextInt(10)));
		}
		if (method.isEmpty() || method.equals("HEAD")) {
			method = "PROPFIND";
		}
		StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		headers.forEach((header) -> request.append(header).append("\r\n"));
		return bytes(request.append("Connection: close\r\n\r\n").toString(), false);
	}

	/** Bytes other than CR and LF, so the request still ends where it should. */
	private static String randomBytes(Random random, int length) {
		StringBuilder text = new StringBuilder();
		while (text.length() < length) {
			char next = (char) random.nextInt(256);
			if (next != '\r' && next != '\n') {
				text.append(next);
			}
		}
		return text.toString();
	}

	private static String badPercent(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> "%";
			case 1 -> "%" + (char) ('g' + random.nextInt(20));
			case 2 -> "%" + Integer.toHexString(random.nextInt(16)) + "z";
			default -> token(random, 2) + "%%" + token(random, 2);
		};
	}

	private static String token(Random random, int length) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append((char) ('a' + random.nextInt(26)));
		}
		return text.toString();
	}

	private static byte[] get(String target) {
		return request("GET", target);
	}

	private static byte[] request(String method, String target) {
		return bytes(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n", false);
	}

	private static byte[] headers(int count, int size) {
		StringBuilder request = new StringBuilder("GET /health HTTP/1.1\r\nHost: localhost\r\n");
		for (int i = 0; i < count; i++) {
			request.append("X-Many-").append(i).append(": ").append("v".repeat(size)).append("\r\n");
		}
		return bytes(request.append("\r\n").toString(), false);
	}

	private static byte[] bytes(String request, boolean utf8) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(request.getBytes(utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
		return out.toByteArray();
	}

	private int port() {
		return Integer.parseInt(baseUrl().substring(baseUrl().lastIndexOf(':') + 1));
	}

}
