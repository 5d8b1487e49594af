package dev.agentserve.api;

import java.net.URI;

import dev.agentserve.agent.AgentCatalog;
import dev.agentserve.session.History;
import dev.agentserve.session.SessionService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Session lifecycle: create, read, list, change TTL, history, delete. */
@RestController
@RequestMapping(path = "/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
class SessionController {

	static final int MAX_HISTORY = 1000;

	private final SessionService sessions;

	private final AgentCatalog agents;

	SessionController(SessionService sessions, AgentCatalog agents) {
		this.sessions = sessions;
		this.agents = agents;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Mono<ResponseEntity<SessionInfo>> create(Caller caller, @Valid @RequestBody CreateSessionRequest request) {
		String agentType = request.agentType();
		return Mono.fromRunnable(() -> this.agents.require(agentType))
			.then(this.sessions.create(caller.userId(), agentType, request.initialContext(), request.ttlSeconds()))
			.map((session) -> ResponseEntity.created(URI.create("/sessions/" + session.id()))
				.body(SessionInfo.of(session)));
	}

	@GetMapping
	Mono<SessionList> list(Caller caller) {
		return this.sessions.list(caller.userId()).map(SessionInfo::of).collectList().map(SessionList::new);
	}

	@GetMapping("/{id}")
	Mono<SessionInfo> get(Caller caller, @PathVariable String id) {
		return this.sessions.get(id, caller.userId()).map(SessionInfo::of);
	}

	@PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<SessionInfo> update(Caller caller, @PathVariable String id, @Valid @RequestBody UpdateSessionRequest request) {
		return this.sessions.updateTtl(id, caller.userId(), request.ttlSeconds()).map(SessionInfo::of);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(Caller caller, @PathVariable String id) {
		return this.sessions.delete(id, caller.userId());
	}

	@GetMapping("/{id}/history")
	Mono<History> history(Caller caller, @PathVariable String id,
			@RequestParam(defaultValue = "50") @Min(1) @Max(MAX_HISTORY) int limit) {
		return this.sessions.history(id, caller.userId(), limit);
	}

}
