package dev.agentserve.telemetry;

import dev.agentserve.telemetry.AgentObservationDocumentation.GenAiKeys;
import dev.agentserve.telemetry.AgentObservationDocumentation.HighCardinalityKeys;
import dev.agentserve.telemetry.AgentObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** The default convention of {@link AgentObservationDocumentation#TOOL_CALL}. */
public class ToolCallObservationConvention implements ObservationConvention<ToolCallObservationContext> {

	public static final String NAME = "agentserve.tool.call";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ToolCallObservationContext context) {
		return "execute_tool " + context.tool();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ToolCallObservationContext context) {
		KeyValues values = KeyValues.of(LowCardinalityKeys.TOOL.withValue(context.tool()));
		String outcome = context.outcome();
		return (outcome != null) ? values.and(LowCardinalityKeys.OUTCOME.withValue(outcome)) : values;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ToolCallObservationContext context) {
		KeyValues values = KeyValues.of(GenAiKeys.OPERATION_NAME.withValue("execute_tool"),
				GenAiKeys.TOOL_NAME.withValue(context.toolName()), GenAiKeys.TOOL_CALL_ID.withValue(context.callId()),
				HighCardinalityKeys.TURN_ID.withValue(context.turnId()));
		return (context.outcome() != null)
				? values.and(HighCardinalityKeys.ATTEMPTS.withValue(Integer.toString(context.attempts()))) : values;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ToolCallObservationContext;
	}

}
