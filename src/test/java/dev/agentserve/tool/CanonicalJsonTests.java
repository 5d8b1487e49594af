package dev.agentserve.tool;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalJsonTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void equalArgumentsInAnyKeyOrderPrintTheSame() {
		String one = CanonicalJson
			.of(this.json.readTree("{\"b\": {\"y\": 1, \"x\": [2, {\"q\": 1, \"p\": 0}]}, \"a\": \"s\"}"));
		String two = CanonicalJson.of(this.json.readTree("{\"a\":\"s\",\"b\":{\"x\":[2,{\"p\":0,\"q\":1}],\"y\":1}}"));

		assertThat(one).isEqualTo(two).isEqualTo("{\"a\":\"s\",\"b\":{\"x\":[2,{\"p\":0,\"q\":1}],\"y\":1}}");
	}

}
