package dev.agentserve.approval;

import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The answer to {@code approval_required}.
 *
 * @param kind approve, reject, edit (run with {@code args} instead), or expired
 * @param args the edited arguments, for {@link Kind#EDIT}
 * @param decidedBy who decided (empty when it expired)
 */
public record ApprovalDecision(Kind kind, @Nullable JsonNode args, String decidedBy) {

	public ApprovalDecision {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(decidedBy, "decidedBy");
		if (kind == Kind.EDIT && (args == null || !args.isObject())) {
			throw new IllegalArgumentException("an edit needs a JSON object of arguments");
		}
	}

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
