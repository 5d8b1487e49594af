package dev.agentserve.telemetry;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of a turn. Low-cardinality keys become metric tags and span
 * attributes; they only ever hold configured names (agent, provider, model, tool) or one
 * of a few fixed words. High-cardinality keys (ids, token counts, the OpenTelemetry GenAI
 * attributes) go on spans only.
 */
public enum AgentObservationDocumentation implements ObservationDocumentation {

	/**
	 * One turn, from the loop's start to its terminal event. Span {@code invoke_agent
	 * <agent>}, timer {@code agentserve.turn} and long task timer
	 * {@code agentserve.turn.active} (the running turns).
	 */
	TURN {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return TurnObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.AGENT, LowCardinalityKeys.OUTCOME };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { GenAiKeys.OPERATION_NAME, GenAiKeys.AGENT_NAME, GenAiKeys.PROVIDER_NAME,
					GenAiKeys.REQUEST_MODEL, GenAiKeys.CONVERSATION_ID, HighCardinalityKeys.TURN_ID,
					GenAiKeys.USAGE_INPUT_TOKENS, GenAiKeys.USAGE_OUTPUT_TOKENS };
		}
	},

	/**
	 * One streamed model round. Span {@code chat <model>}, timer
	 * {@code agentserve.model.round}.
	 */
	MODEL_ROUND {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return ModelRoundObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.AGENT, LowCardinalityKeys.PROVIDER, LowCardinalityKeys.MODEL,
					LowCardinalityKeys.FINISH_REASON };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { GenAiKeys.OPERATION_NAME, GenAiKeys.PROVIDER_NAME, GenAiKeys.REQUEST_MODEL,
					GenAiKeys.AGENT_NAME, GenAiKeys.USAGE_INPUT_TOKENS, GenAiKeys.USAGE_OUTPUT_TOKENS,
					GenAiKeys.USAGE_REASONING_TOKENS, GenAiKeys.RESPONSE_FINISH_REASONS, HighCardinalityKeys.STEP,
					HighCardinalityKeys.FIRST_TOKEN_MS };
		}
	},

	/**
	 * One tool call (all its attempts). Span {@code execute_tool <tool>}, timer
	 * {@code agentserve.tool.call}.
	 */
	TOOL_CALL {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return ToolCallObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.TOOL, LowCardinalityKeys.OUTCOME };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { GenAiKeys.OPERATION_NAME, GenAiKeys.TOOL_NAME, GenAiKeys.TOOL_CALL_ID,
					HighCardinalityKeys.ATTEMPTS, HighCardinalityKeys.TURN_ID };
		}
	};

	/** Tags of metrics and spans: configured names or fixed words only. */
	public enum LowCardinalityKeys implements KeyName {

		/** The agent type, as configured ({@code agentserve.agents.<name>}). */
		AGENT("agent"),

		/**
		 * The model reference's prefix: {@code demo}, {@code openai}, an endpoint name.
		 */
		PROVIDER("provider"),

		/** The provider's model name ({@code demo} for the demo model). */
		MODEL("model"),

		/**
		 * How a round ended: the provider's finish reason ({@code stop},
		 * {@code tool_calls}, {@code length}, ...), {@code error} or {@code cancelled}.
		 */
		FINISH_REASON("finish.reason"),

		/** A registered tool's name; {@code unknown} for names the model made up. */
		TOOL("tool"),

		/**
		 * A turn: {@code done}, {@code cancelled}, {@code abandoned} (its lease was lost)
		 * or the error code; a tool call: {@code ok}, {@code error}, {@code timeout},
		 * {@code invalid_arguments}, {@code unknown_tool}, {@code limited}.
		 */
		OUTCOME("outcome");

		private final String key;

		LowCardinalityKeys(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

	/** Span attributes of the OpenTelemetry GenAI semantic conventions. */
	public enum GenAiKeys implements KeyName {

		/** {@code invoke_agent}, {@code chat} or {@code execute_tool}. */
		OPERATION_NAME("gen_ai.operation.name"),

		PROVIDER_NAME("gen_ai.provider.name"),

		REQUEST_MODEL("gen_ai.request.model"),

		AGENT_NAME("gen_ai.agent.name"),

		/** The session id. */
		CONVERSATION_ID("gen_ai.conversation.id"),

		USAGE_INPUT_TOKENS("gen_ai.usage.input_tokens"),

		USAGE_OUTPUT_TOKENS("gen_ai.usage.output_tokens"),

		USAGE_REASONING_TOKENS("gen_ai.usage.reasoning_tokens"),

		RESPONSE_FINISH_REASONS("gen_ai.response.finish_reasons"),

		TOOL_NAME("gen_ai.tool.name"),

		TOOL_CALL_ID("gen_ai.tool.call.id");

		private final String key;

		GenAiKeys(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

	/** Other span attributes. */
	public enum HighCardinalityKeys implements KeyName {

		TURN_ID("agentserve.turn.id"),

		/** The model round (step) number within the turn. */
		STEP("agentserve.step"),

		FIRST_TOKEN_MS("agentserve.first_token_ms"),

		/** Times the tool itself was invoked (0 when refused before it ran). */
		ATTEMPTS("agentserve.tool.attempts");

		private final String key;

		HighCardinalityKeys(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

}
