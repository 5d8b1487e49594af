package dev.agentserve.api;

import java.util.concurrent.TimeUnit;

import dev.agentserve.support.Browser;
import dev.agentserve.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An image attached in the browser UI goes to the chat as
 * {@code attachments:[{type:"image", mediaType, data}]} (DESIGN §14), and the demo model
 * answers with its type and pixel size.
 */
// A real browser against a cold server on a busy machine takes longer than the default.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UiImageAttachIT extends IntegrationTest {

	@Test
	void anAttachedImageIsSentAndTheDemoModelDescribesIt() throws Exception {
		JsonNode report = Browser.require()
			.run("attach", baseUrl(), "{\"width\":3,\"height\":2,\"message\":\"What is in this image?\"}");

		JsonNode sent = report.get("sent");
		assertThat(sent.get("message").asString()).isEqualTo("What is in this image?");
		assertThat(sent.get("attachments")).hasSize(1);
		assertThat(sent.get("attachments").get(0).get("type").asString()).isEqualTo("image");
		assertThat(sent.get("attachments").get(0).get("mediaType").asString()).isEqualTo("image/png");
		assertThat(sent.get("attachments").get(0).get("sameBytes").asBoolean()).as("the file's bytes, base64").isTrue();

		assertThat(report.get("bubbleImages").asInt()).as("the image shown with the message").isOne();
		JsonNode turn = report.get("turn");
		assertThat(report.get("notice").asString()).as("no error shown").isEmpty();
		assertThat(turn.get("status").asString()).isEqualTo("done");
		assertThat(turn.get("answer").asString()).containsIgnoringCase("png").containsPattern("3\\s*(x|×|by)\\s*2");
	}

}
