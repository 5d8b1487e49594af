package dev.agentserve.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadyLogTests {

	@Test
	void theBaseUrlIsOneABrowserCanOpen() {
		assertThat(ReadyLog.baseUrl("127.0.0.1", 8080)).isEqualTo("http://127.0.0.1:8080");
		assertThat(ReadyLog.baseUrl(null, 8080)).isEqualTo("http://localhost:8080");
		assertThat(ReadyLog.baseUrl("0.0.0.0", 9000)).isEqualTo("http://localhost:9000");
		assertThat(ReadyLog.baseUrl("::1", 8080)).isEqualTo("http://[::1]:8080");
	}

}
