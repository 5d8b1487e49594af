package dev.agentserve.memory;

import java.util.List;
import java.util.Map;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.agentserve.model.AssistantMessage;
import dev.agentserve.model.ModelRegistry;
import dev.agentserve.model.ScriptedModel;
import dev.agentserve.model.ToolCall;
import dev.agentserve.model.UserMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TokenizersTests {

	private static final String TEXT = "Hello, world! Ünïcödé, emoji 🎉 and code: for (int i = 0; i < 10; i++) {}";

	private final ModelRegistry models = new ModelRegistry(List.of(new ScriptedModel()));

	@Test
	void anEncodingCountsExactlyAsTheTokenizer() {
		Tokenizers tokenizers = new Tokenizers(MemoryTestProperties.withTokenizers(Map.of("scripted", "cl100k_base")),
				this.models);
		Encoding cl100k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

		TokenCounter counter = tokenizers.forModel("scripted:any");

		assertThat(counter.name()).isEqualTo("cl100k_base");
		assertThat(counter.count(TEXT)).isEqualTo(cl100k.countTokens(TEXT));
		assertThat(counter.count(new UserMessage(TEXT)))
			.isEqualTo(cl100k.countTokens(TEXT) + TokenCounter.MESSAGE_OVERHEAD);
	}

	@Test
	void autoPicksTheEncodingOfTheModelName() {
		Tokenizers tokenizers = new Tokenizers(MemoryTestProperties.withTokenizers(Map.of("scripted", "auto")),
				this.models);
		var registry = Encodings.newDefaultEncodingRegistry();

		assertThat(tokenizers.forModel("scripted:gpt-4o").name()).isEqualTo("o200k_base");
		assertThat(tokenizers.forModel("scripted:gpt-4o").count(TEXT))
			.isEqualTo(registry.getEncoding(EncodingType.O200K_BASE).countTokens(TEXT));
		assertThat(tokenizers.forModel("scripted:gpt-4").name()).isEqualTo("cl100k_base");
		assertThat(tokenizers.forModel("scripted:some-local-model").name()).isEqualTo("o200k_base");
	}

	@Test
	void otherEndpointsUseAnExplicitEstimate() {
		Tokenizers tokenizers = new Tokenizers(MemoryTestProperties.withTokenizers(Map.of("scripted", "chars:3.5")),
				this.models);

		assertThat(tokenizers.forModel("scripted:claude").count("x".repeat(35))).isEqualTo(10);
		assertThat(tokenizers.forModel("scripted:claude").count("x".repeat(36))).isEqualTo(11);
		assertThat(tokenizers.forModel("demo").name()).isEqualTo(Tokenizers.DEFAULT_ESTIMATE);
	}

	@Test
	void toolCallsCountTowardsAnAssistantMessage() {
		TokenCounter counter = new Tokenizers.EstimatedTokens(4);
		AssistantMessage call = new AssistantMessage("", List
			.of(new ToolCall("c1", "calculator", JsonNodeFactory.instance.objectNode().put("expression", "1+2"))));

		assertThat(counter.count(call)).isEqualTo(0 + 3 + 5 + TokenCounter.MESSAGE_OVERHEAD);
	}

	@Test
	void aTokenizerThatBindsNothingFailsTheStart() {
		assertThatIllegalStateException()
			.isThrownBy(
					() -> new Tokenizers(MemoryTestProperties.withTokenizers(Map.of("nowhere", "auto")), this.models))
			.withMessageContaining("nowhere");
		assertThatIllegalStateException()
			.isThrownBy(() -> new Tokenizers(MemoryTestProperties.withTokenizers(Map.of("scripted", "p50k_bogus")),
					this.models))
			.withMessageContaining("p50k_bogus");
		assertThatIllegalStateException()
			.isThrownBy(() -> new Tokenizers(MemoryTestProperties.withTokenizers(Map.of("scripted", "chars:abc")),
					this.models));
	}

}
