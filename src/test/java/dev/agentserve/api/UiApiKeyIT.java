package dev.agentserve.api;

import java.util.concurrent.TimeUnit;

import dev.agentserve.support.Browser;
import dev.agentserve.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser UI when the API needs a key: the page and its assets load without one, the
 * page asks for the key once, keeps it, and chats with it (streams with tickets). The
 * same keys as {@link AuthIT}, so both share one application context.
 */
// A real browser against a cold server on a busy machine takes longer than the default.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestPropertySource(properties = {
		"agentserve.security.api-keys.alice=sha256:370d68638a4485809518228bfeb656766c51a6bddeaf5d4e88e779f192809a9d",
		"agentserve.security.api-keys.bob=sha256:25677864e3b23544d2eb1d0a610571ce9c5756d9214bdb6f4edc288e440b277c",
		"agentserve.security.ticket-reconnect-window=" + AuthIT.RECONNECT_WINDOW_SECONDS + "s" })
class UiApiKeyIT extends IntegrationTest {

	private static final String ALICE = "alice-secret-key-1";

	@Test
	void thePageAndItsAssetsNeedNoKeyButTheApiDoes() {
		this.http.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.valueEquals("Content-Security-Policy", UiConfiguration.CONTENT_SECURITY_POLICY)
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("<script type=\"module\" src=\"/ui/app.js\">"));
		for (String asset : new String[] { "/ui/app.js", "/ui/style.css", "/webjars/marked/lib/marked.esm.js",
				"/webjars/dompurify/dist/purify.es.mjs" }) {
			this.http.get().uri(asset).exchange().expectStatus().isOk();
		}
		this.http.get()
			.uri("/webjars/dompurify/dist/purify.es.mjs")
			.exchange()
			.expectHeader()
			.contentTypeCompatibleWith("text/javascript");
		this.http.get().uri("/ui/missing.js").exchange().expectStatus().isNotFound();
		this.http.get().uri("/sessions").exchange().expectStatus().isUnauthorized();
		this.http.get()
			.uri("/sessions")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ALICE)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void thePageAsksForTheKeyOnceAndChatsWithIt() throws Exception {
		JsonNode report = Browser.require().run("apikey", baseUrl(), "{\"key\":\"" + ALICE + "\"}");

		assertThat(report.get("asked").asString()).contains("needs an API key");
		assertThat(report.get("refusedBeforeKey")).as("page errors other than the 401").isEmpty();
		JsonNode turn = report.get("turn");
		assertThat(turn.get("status").asString()).isEqualTo("done");
		assertThat(turn.get("tools").get(0).get("result").asString()).contains("84");
		assertThat(turn.get("answer").asString()).isEqualTo("12*(3+4) = 84");
		assertThat(report.get("storedKey").asBoolean()).isTrue();
		assertThat(report.get("dialogAfterReload").asBoolean()).as("not asked again").isFalse();
		this.http.get()
			.uri("/sessions")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ALICE)
			.exchange()
			.expectBody()
			.jsonPath("$.sessions[0].messageCount")
			.isEqualTo(4);
	}

}
