package dev.agentserve.security;

import dev.agentserve.support.PackagedApp;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import dev.agentserve.support.TestRedis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys configured exactly as README.md and docs/security.md show them, on the
 * packaged jar: the environment variable form must bind, and a key setting that binds
 * nothing must stop the start instead of running the service open.
 */
class PackagedAppSecurityIT {

	private static final String ALICE = "alice-packaged-key-0123456789";

	@Test
	void theDocumentedEnvironmentVariableConfiguresAKey() throws Exception {
		Map<String, String> environment = Map.of("AGENTSERVE_SECURITY_API_KEYS_ALICE", "sha256:" + sha256(ALICE),
				"REDIS_URL", TestRedis.url(), "AGENTSERVE_REDIS_KEY_PREFIX", TestRedis.KEY_PREFIX);
		try (PackagedApp app = PackagedApp.start(environment).awaitStarted()) {
			HttpResponse<String> anonymous = app.send("GET", "/sessions", null, null);
			assertThat(anonymous.statusCode()).as(app.output()).isEqualTo(401);
			assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
			assertThat(anonymous.body()).contains("\"status\":401");
			assertThat(app.send("GET", "/sessions", "not-alices-key", null).statusCode()).isEqualTo(401);
			assertThat(app.send("POST", "/sessions", "not-alices-key", "{\"agentType\":\"assistant\"}").statusCode())
				.isEqualTo(401);
			assertThat(app.send("POST", "/sessions", ALICE, "{\"agentType\":\"assistant\"}").statusCode())
				.isEqualTo(201);
			assertThat(app.send("GET", "/health", null, null).statusCode()).isEqualTo(200);
			assertThat(app.send("GET", "/health/detailed", null, null).statusCode()).isEqualTo(401);
			HttpResponse<String> detailed = app.send("GET", "/health/detailed", ALICE, null);
			assertThat(detailed.statusCode()).isEqualTo(200);
			assertThat(detailed.body()).contains("\"checks\"");
			assertThat(app.output()).doesNotContain("runs open").doesNotContain(sha256(ALICE));
		}
	}

	@Test
	void keySettingsThatConfigureNoCallerStopTheStart() throws Exception {
		String hash = "sha256:" + sha256(ALICE);
		Map<String, String> environment = Map.of("AGENTSERVE_SECURITY_APIKEYS", hash,
				"AGENTSERVE_SECURITY_API_KEY_ALICE", hash, "AGENTSERVE_SECURITY_API_KEYS_BOB", "", "REDIS_URL",
				TestRedis.url(), "AGENTSERVE_REDIS_KEY_PREFIX", TestRedis.KEY_PREFIX);
		try (PackagedApp app = PackagedApp.start(environment, "-Dagentserve.security.api-key.carol=" + hash)) {
			assertThat(app.awaitExit()).isNotZero();
			assertThat(app.output()).contains("AGENTSERVE_SECURITY_APIKEYS")
				.contains("AGENTSERVE_SECURITY_API_KEY_ALICE")
				.contains("AGENTSERVE_SECURITY_API_KEYS_BOB")
				.contains("agentserve.security.api-key.carol")
				.contains("AGENTSERVE_SECURITY_API_KEYS_<USER>=sha256:")
				.doesNotContain(sha256(ALICE));
		}
	}

	static String sha256(String key) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
	}

}
