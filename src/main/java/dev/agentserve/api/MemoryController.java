package dev.agentserve.api;

import java.net.URI;

import dev.agentserve.memory.MemoryService;
import dev.agentserve.memory.NewMemory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Long-term memory of the caller: create, list (newest first, paged), search by meaning,
 * read, delete. Another user's memory is 404, like a session.
 */
@RestController
@RequestMapping(path = "/memories", produces = MediaType.APPLICATION_JSON_VALUE)
class MemoryController {

	private final MemoryService memories;

	MemoryController(MemoryService memories) {
		this.memories = memories;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<MemoryInfo>> create(Caller caller, @Valid @RequestBody CreateMemoryRequest request) {
		return this.memories
			.create(caller.userId(), new NewMemory(request.content(), request.tags(), request.importance()))
			.map((memory) -> ResponseEntity.created(URI.create("/memories/" + memory.id()))
				.body(MemoryInfo.of(memory)));
	}

	@GetMapping
	Mono<MemoryList> list(Caller caller, @RequestParam(required = false) @Nullable String query,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(defaultValue = "20") @Min(1) @Max(MemoryService.MAX_LIMIT) int limit) {
		if (query != null) {
			return this.memories.search(caller.userId(), query, limit)
				.map((found) -> new MemoryList(found.stream().map(MemoryInfo::of).toList(), null));
		}
		return this.memories.list(caller.userId(), cursor, limit)
			.map((page) -> new MemoryList(page.memories().stream().map(MemoryInfo::of).toList(), page.nextCursor()));
	}

	@GetMapping("/{id}")
	Mono<MemoryInfo> get(Caller caller, @PathVariable String id) {
		return this.memories.get(caller.userId(), id).map(MemoryInfo::of);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(Caller caller, @PathVariable String id) {
		return this.memories.delete(caller.userId(), id);
	}

}
