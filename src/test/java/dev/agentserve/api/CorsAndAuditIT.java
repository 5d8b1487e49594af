package dev.agentserve.api;

import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** Browser origins are an allowlist; every tool call leaves one audit line. */
@ExtendWith(OutputCaptureExtension.class)
class CorsAndAuditIT extends IntegrationTest {

	@Test
	void onlyAllowedOriginsPassThePreflight() {
		preflight("http://allowed.example").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://allowed.example");
		preflight("http://evil.example").expectStatus().isForbidden();
	}

	@Test
	void everyToolCallIsAuditedOnce(CapturedOutput output) {
		String sessionId = Sessions.createId(this.http);
		String turnId = Sessions.chat(this.http, sessionId, "What is 6*7?").get("turnId").asString();

		assertThat(output.getOut().lines().filter((line) -> line.contains("tool_call user=local session=" + sessionId)))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("turn=" + turnId)
				.contains("tool=\"calculator\"")
				.contains("outcome=ok")
				.contains("args=\"{\\\"expression\\\":\\\"6*7\\\"}\""));
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec preflight(String origin) {
		return this.http.options()
			.uri("/sessions")
			.header(HttpHeaders.ORIGIN, origin)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Content-Type")
			.exchange();
	}

}
