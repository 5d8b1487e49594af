package dev.agentserve.agent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of sub-agent delegation and workflows (DESIGN.md §13), for the whole tree of
 * runs of one turn.
 *
 * @param maxDepth how deep delegations nest: the agent of the turn is depth 0, a
 * sub-agent it calls depth 1; a delegation past this depth is refused as a tool error
 * @param maxParallel child runs of one model round (or one workflow) that run at once;
 * the others wait for a place
 * @param maxRuns child runs one turn may start in all; past it a delegation is refused as
 * a tool error
 */
@ConfigurationProperties("agentserve.delegation")
public record DelegationProperties(@DefaultValue("3") int maxDepth, @DefaultValue("4") int maxParallel,
		@DefaultValue("32") int maxRuns) {

	/** The defaults. */
	public static final DelegationProperties DEFAULTS = new DelegationProperties(3, 4, 32);

	public DelegationProperties {
		if (maxDepth < 1) {
			throw new IllegalArgumentException("agentserve.delegation.max-depth must be at least 1");
		}
		if (maxParallel < 1) {
			throw new IllegalArgumentException("agentserve.delegation.max-parallel must be at least 1");
		}
		if (maxRuns < 1) {
			throw new IllegalArgumentException("agentserve.delegation.max-runs must be at least 1");
		}
	}

}
