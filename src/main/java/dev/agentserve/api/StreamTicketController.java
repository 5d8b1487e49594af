package dev.agentserve.api;

import java.time.Instant;
import java.util.Map;

import dev.agentserve.security.StreamTickets;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /stream-tickets}: a ticket for one EventSource (and its reconnects) or one
 * WebSocket.
 */
@RestController
class StreamTicketController {

	private final StreamTickets tickets;

	StreamTicketController(StreamTickets tickets) {
		this.tickets = tickets;
	}

	@PostMapping(path = "/stream-tickets", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Map<String, Object>> issue(Caller caller) {
		return this.tickets.issue(caller.userId())
			.map((ticket) -> Map.of("ticket", ticket, "expiresAt", Instant.now().plus(StreamTickets.LIFETIME)));
	}

}
