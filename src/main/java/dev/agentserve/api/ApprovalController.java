package dev.agentserve.api;

import java.util.Map;

import dev.agentserve.approval.ApprovalService;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The session owner's decision on a tool call waiting for approval. */
@RestController
class ApprovalController {

	private final ApprovalService approvals;

	ApprovalController(ApprovalService approvals) {
		this.approvals = approvals;
	}

	/** Approves, rejects or edits a tool call waiting for the session owner. */
	@PostMapping(path = "/sessions/{id}/turns/{turnId}/approvals", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Map<String, String>> approve(Caller caller, @PathVariable String id, @PathVariable String turnId,
			@Valid @RequestBody ApprovalRequest request) {
		String callId = request.callId();
		String decision = request.decision();
		return this.approvals.decide(id, caller.userId(), turnId, callId, decision, request.args())
			.thenReturn(Map.of("callId", callId, "decision", decision));
	}

}
