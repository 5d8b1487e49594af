package dev.agentserve.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import dev.agentserve.support.TestImages;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images attached to chat messages, end to end with the demo model, which answers with
 * each image's type and pixel size as read from its header bytes.
 */
class ImageChatIT extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The shared client with room for a loaded machine (a turn, or a first request). */
	private WebTestClient client() {
		return this.http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@Test
	void theDemoModelSeesEachFormatsTypeAndPixelSize() {
		assertThat(answer(image("image/png", TestImages.of("png", 2, 3)))).isEqualTo("The image is image/png 2x3.");
		assertThat(answer(image("image/jpeg", TestImages.of("jpeg", 40, 30))))
			.isEqualTo("The image is image/jpeg 40x30.");
		assertThat(answer(image("image/gif", TestImages.of("gif", 7, 1)))).isEqualTo("The image is image/gif 7x1.");
		assertThat(answer(image("image/webp", TestImages.webp(640, 480))))
			.isEqualTo("The image is image/webp 640x480.");
	}

	@Test
	void theHistoryKeepsAReferenceNotTheBytes() {
		String sessionId = Sessions.createId(this.http);
		byte[] png = TestImages.of("png", 2, 3);
		chat(sessionId,
				Map.of("message", "What is this?", "stream", false, "attachments", List.of(image("image/png", png))))
			.expectStatus()
			.isOk();

		JsonNode user = client().get()
			.uri("/sessions/{id}/history", sessionId)
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.get("messages")
			.get(0);
		JsonNode reference = user.get("attachments").get(0);
		assertThat(reference.get("mediaType").asString()).isEqualTo("image/png");
		assertThat(reference.get("size").asLong()).isEqualTo(png.length);
		assertThat(reference.get("sha256").asString()).hasSize(64);
		assertThat(reference.get("width").asInt()).isEqualTo(2);
		assertThat(reference.has("data")).isFalse();
		assertThat(user.toString()).doesNotContain(TestImages.base64(png));
	}

	@Test
	void bytesThatAreNotTheDeclaredOrASupportedTypeGet415SayingWhatToSend() {
		String sessionId = Sessions.createId(this.http);
		chat(sessionId, body(image("image/jpeg", TestImages.of("png", 2, 2)))).expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("declares 'image/jpeg' but its bytes are image/png")
				.contains("Send {type:\"image\", mediaType, data (base64) | url} with a PNG, JPEG, WebP or GIF image"));
		chat(sessionId, body(image("image/png", "%PDF-1.7 not an image".getBytes()))).expectStatus().isEqualTo(415);
		chat(sessionId, body(Map.of("type", "audio", "mediaType", "audio/wav", "data", "AAAA"))).expectStatus()
			.isEqualTo(415);
	}

	@Test
	void anImageOverTheLimitGets413AndBadShapesGet400() {
		String sessionId = Sessions.createId(this.http);
		byte[] big = new byte[100 * 1024];
		System.arraycopy(TestImages.of("png", 1, 1), 0, big, 0, 30);
		chat(sessionId, body(image("image/png", big))).expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("agentserve.attachments.max-image-size"));
		chat(sessionId, body(Map.of("type", "image", "mediaType", "image/png"))).expectStatus().isBadRequest();
		chat(sessionId, body(Map.of("type", "image", "mediaType", "image/png", "url", "http://example.com/a.png")))
			.expectStatus()
			.isBadRequest();
		chat(sessionId, body(Map.of("type", "image", "mediaType", "image/png", "data", "not base64!"))).expectStatus()
			.isBadRequest();
	}

	@Test
	void anHttpsUrlIsPassedThroughUnfetched() {
		assertThat(answer(Map.of("type", "image", "mediaType", "image/png", "url", "https://images.example/cat.png")))
			.isEqualTo("The image is image/png at https://images.example/cat.png (not fetched).");
	}

	@Test
	void aWebSocketChatFrameCarriesImages() throws Exception {
		String sessionId = Sessions.createId(this.http);
		BlockingQueue<String> frames = new LinkedBlockingQueue<>();
		String frame = JSON.writeValueAsString(Map.of("type", "chat", "message", "and this?", "attachments",
				List.of(image("image/gif", TestImages.of("gif", 5, 4)))));
		URI uri = URI.create(baseUrl().replace("http:", "ws:") + "/ws/" + sessionId);
		Disposable socket = new ReactorNettyWebSocketClient()
			.execute(uri,
					(session) -> session.send(Mono.just(session.textMessage(frame)))
						.and(session.receive().doOnNext((message) -> frames.add(message.getPayloadAsText())).then()))
			.subscribe();
		try {
			JsonNode last;
			do {
				String next = frames.poll(10, TimeUnit.SECONDS);
				assertThat(next).as("a frame within 10 s").isNotNull();
				last = JSON.readTree(next);
			}
			while (!last.path("type").asString().equals("done") && !last.path("type").asString().equals("error"));
			assertThat(last.get("response").asString()).isEqualTo("The image is image/gif 5x4.");
		}
		finally {
			socket.dispose();
		}
	}

	private String answer(Map<String, Object> attachment) {
		String sessionId = Sessions.createId(this.http);
		JsonNode result = chat(sessionId,
				Map.of("message", "What is this?", "stream", false, "attachments", List.of(attachment)))
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		return result.get("response").asString();
	}

	private WebTestClient.ResponseSpec chat(String sessionId, Map<String, Object> body) {
		return client().post()
			.uri("/sessions/{id}/chat", sessionId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static Map<String, Object> body(Map<String, Object> attachment) {
		return Map.of("message", "What is this?", "stream", false, "attachments", List.of(attachment));
	}

	private static Map<String, Object> image(String mediaType, byte[] bytes) {
		return Map.of("type", "image", "mediaType", mediaType, "data", TestImages.base64(bytes));
	}

}
