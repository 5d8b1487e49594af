package dev.agentserve.telemetry;

import dev.agentserve.telemetry.AgentObservationDocumentation.GenAiKeys;
import dev.agentserve.telemetry.AgentObservationDocumentation.HighCardinalityKeys;
import dev.agentserve.telemetry.AgentObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** The default convention of {@link AgentObservationDocumentation#MODEL_ROUND}. */
public class ModelRoundObservationConvention implements ObservationConvention<ModelRoundObservationContext> {

	public static final String NAME = "agentserve.model.round";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ModelRoundObservationContext context) {
		return "chat " + context.model();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ModelRoundObservationContext context) {
		KeyValues values = KeyValues.of(LowCardinalityKeys.AGENT.withValue(context.agent()),
				LowCardinalityKeys.PROVIDER.withValue(context.provider()),
				LowCardinalityKeys.MODEL.withValue(context.model()));
		String finishReason = context.finishReason();
		return (finishReason != null) ? values.and(LowCardinalityKeys.FINISH_REASON.withValue(finishReason)) : values;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ModelRoundObservationContext context) {
		KeyValues values = KeyValues.of(GenAiKeys.OPERATION_NAME.withValue("chat"),
				GenAiKeys.PROVIDER_NAME.withValue(context.provider()),
				GenAiKeys.REQUEST_MODEL.withValue(context.model()), GenAiKeys.AGENT_NAME.withValue(context.agent()),
				HighCardinalityKeys.STEP.withValue(Integer.toString(context.step())));
		String finishReason = context.finishReason();
		if (finishReason == null) {
			return values;
		}
		values = values.and(GenAiKeys.RESPONSE_FINISH_REASONS.withValue(finishReason),
				GenAiKeys.USAGE_INPUT_TOKENS.withValue(Long.toString(context.inputTokens())),
				GenAiKeys.USAGE_OUTPUT_TOKENS.withValue(Long.toString(context.outputTokens())),
				GenAiKeys.USAGE_REASONING_TOKENS.withValue(Long.toString(context.reasoningTokens())));
		return (context.firstTokenMillis() >= 0)
				? values.and(HighCardinalityKeys.FIRST_TOKEN_MS.withValue(Long.toString(context.firstTokenMillis())))
				: values;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ModelRoundObservationContext;
	}

}
