package dev.agentserve.limit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Request quotas, enforced across all replicas (the buckets live in Redis).
 *
 * @param requestsPerMinute requests one user may make per minute (health probes
 * excluded); 0 turns the limit off
 * @param toolCallsPerSessionPerMinute tool calls one session may make per minute; over it
 * a call is answered with an error the model sees; 0 turns the limit off
 * @param admission how much new work one replica takes before refusing it for load
 */
@ConfigurationProperties("agentserve.limits")
@Validated
public record LimitProperties(@DefaultValue("600") @PositiveOrZero int requestsPerMinute,
		@DefaultValue("120") @PositiveOrZero int toolCallsPerSessionPerMinute,
		@DefaultValue @Valid AdmissionProperties admission) {
}
