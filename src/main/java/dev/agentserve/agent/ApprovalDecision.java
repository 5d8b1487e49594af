package dev.agentserve.agent;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The session owner's answer to {@code approval_required}.
 *
 * @param kind approve, reject, edit (run with {@code args} instead), or expired
 * @param args the edited arguments, for {@link Kind#EDIT}
 * @param decidedBy who decided (empty when it expired)
 */
public record ApprovalDecision(Kind kind, @Nullable JsonNode args, String decidedBy) {

	public static ApprovalDecision expired() {
		return new ApprovalDecision(Kind.EXPIRED, null, "");
	}

	/** What was decided. */
	public enum Kind {

		APPROVE, REJECT, EDIT, EXPIRED;

		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
