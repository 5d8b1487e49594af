package dev.agentserve.telemetry;

import dev.agentserve.telemetry.AgentObservationDocumentation.GenAiKeys;
import dev.agentserve.telemetry.AgentObservationDocumentation.HighCardinalityKeys;
import dev.agentserve.telemetry.AgentObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The default convention of {@link AgentObservationDocumentation#TURN}: the outcome tag
 * appears once the turn has ended, so the running-turns gauge is tagged by agent only.
 */
public class TurnObservationConvention implements ObservationConvention<TurnObservationContext> {

	public static final String NAME = "agentserve.turn";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(TurnObservationContext context) {
		return "invoke_agent " + context.agent();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(TurnObservationContext context) {
		KeyValues values = KeyValues.of(LowCardinalityKeys.AGENT.withValue(context.agent()));
		String outcome = context.outcome();
		return (outcome != null) ? values.and(LowCardinalityKeys.OUTCOME.withValue(outcome)) : values;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(TurnObservationContext context) {
		KeyValues values = KeyValues.of(GenAiKeys.OPERATION_NAME.withValue("invoke_agent"),
				GenAiKeys.AGENT_NAME.withValue(context.agent()), GenAiKeys.PROVIDER_NAME.withValue(context.provider()),
				GenAiKeys.REQUEST_MODEL.withValue(context.model()),
				GenAiKeys.CONVERSATION_ID.withValue(context.sessionId()),
				HighCardinalityKeys.TURN_ID.withValue(context.turnId()));
		if (context.outcome() == null) {
			return values;
		}
		return values.and(GenAiKeys.USAGE_INPUT_TOKENS.withValue(Long.toString(context.inputTokens())),
				GenAiKeys.USAGE_OUTPUT_TOKENS.withValue(Long.toString(context.outputTokens())));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof TurnObservationContext;
	}

}
