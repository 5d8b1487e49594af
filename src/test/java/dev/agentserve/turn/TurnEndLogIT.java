package dev.agentserve.turn;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentserve.model.ModelException;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.support.IntegrationTest;
import dev.agentserve.support.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every turn's end is one line in the server log: INFO when done, WARN when it failed.
 */
@ExtendWith(OutputCaptureExtension.class)
class TurnEndLogIT extends IntegrationTest {

	@Autowired
	private ScriptedModel scripted;

	@Test
	void aFailedTurnLeavesOneWarningWithItsIds(CapturedOutput output) {
		this.scripted.play(Flux.error(new ModelException("the model endpoint answered 500")));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();

		JsonNode result = Sessions.chat(this.http, sessionId, "hello");

		assertThat(result.get("status").asString()).isEqualTo("error");
		String turnId = result.get("turnId").asString();
		// The line is logged as the turn ends, which can come a moment after the client
		// has read the terminal event.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> lines(output, "WARN .*Turn " + turnId + " of session " + sessionId + " failed after \\d+ ms: "
					+ result.get("error").get("code").asString()) == 1);
		assertThat(lines(output, "Turn " + turnId + " of session")).isEqualTo(1);
	}

	@Test
	void aTurnThatSucceededLeavesOneInfoLine(CapturedOutput output) {
		this.scripted.play(ScriptedModel.answer("hi"));
		String sessionId = Sessions.create(this.http, Map.of("agentType", "scripted")).get("sessionId").asString();

		String turnId = Sessions.chat(this.http, sessionId, "hello").get("turnId").asString();

		await().atMost(Duration.ofSeconds(10))
			.until(() -> lines(output, "INFO .*Turn " + turnId + " of session " + sessionId + " done in \\d+ ms") == 1);
		assertThat(lines(output, "Turn " + turnId + " of session")).isEqualTo(1);
	}

	private static int lines(CapturedOutput output, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(output.getOut());
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
