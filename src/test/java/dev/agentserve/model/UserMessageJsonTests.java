package dev.agentserve.model;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The history's JSON of a user message keeps an image's reference, never its bytes. */
class UserMessageJsonTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void theHistoryKeepsAReferenceNotTheBytes() {
		Message sent = new UserMessage("what is it?",
				List.of(Image.of("image/png", new byte[] { 1, 2, 3 }, "ab", 2, 3)));

		String stored = JSON.writeValueAsString(sent);

		assertThat(stored)
			.isEqualTo("{\"role\":\"user\",\"content\":\"what is it?\",\"attachments\":[{\"type\":\"image\","
					+ "\"mediaType\":\"image/png\",\"size\":3,\"sha256\":\"ab\",\"width\":2,\"height\":3}]}");
		UserMessage read = (UserMessage) JSON.readValue(stored, Message.class);
		assertThat(read.attachments()).singleElement().satisfies((image) -> {
			assertThat(image.data()).isNull();
			assertThat(image.available()).isFalse();
			assertThat(image.width()).isEqualTo(2);
		});
	}

	@Test
	void aPlainMessageIsStoredAsBefore() {
		String stored = JSON.writeValueAsString((Message) new UserMessage("hi"));

		assertThat(stored).isEqualTo("{\"role\":\"user\",\"content\":\"hi\"}");
		assertThat(JSON.readValue(stored, Message.class)).isEqualTo(new UserMessage("hi"));
	}

}
