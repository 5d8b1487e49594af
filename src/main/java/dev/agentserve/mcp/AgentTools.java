package dev.agentserve.mcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.agentserve.agent.AgentSpec;
import dev.agentserve.limit.Admission;
import dev.agentserve.session.SessionService;
import dev.agentserve.turn.EventRecord;
import dev.agentserve.turn.TurnService;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One MCP tool per agent type: {@code {message, sessionId?}} runs a turn (in a new
 * session of the caller unless {@code sessionId} names one) and answers its text, with
 * {@code sessionId} and {@code turnId} in the structured content. While the turn runs,
 * answer deltas and tool calls go out as progress notifications when the client asked for
 * progress; a client that cancels the request (or closes its stream) cancels the turn.
 */
@Component
class AgentTools {

	private static final Logger log = LoggerFactory.getLogger(AgentTools.class);

	private final SessionService sessions;

	private final TurnService turns;

	private final McpRequests requests;

	private final JsonMapper json;

	AgentTools(SessionService sessions, TurnService turns, McpRequests requests, JsonMapper json) {
		this.sessions = sessions;
		this.turns = turns;
		this.requests = requests;
		this.json = json;
	}

	McpServerFeatures.AsyncToolSpecification of(String agentType, AgentSpec spec) {
		McpSchema.Tool tool = McpSchema.Tool.builder()
			.name(agentType)
			.description(spec.description().isBlank() ? "The agentserve agent '" + agentType + "'" : spec.description())
			.inputSchema(new McpSchema.JsonSchema("object",
					Map.of("message", Map.of("type", "string", "description", "What to ask the agent"), "sessionId",
							Map.of("type", "string", "description",
									"A sessionId from an earlier answer, to continue that conversation")),
					java.util.List.of("message"), false, null, null))
			.build();
		return McpServerFeatures.AsyncToolSpecification.builder()
			.tool(tool)
			.callHandler((exchange, request) -> call(agentType, exchange, request))
			.build();
	}

	private Mono<McpSchema.CallToolResult> call(String agentType, McpAsyncServerExchange exchange,
			McpSchema.CallToolRequest request) {
		Object user = exchange.transportContext().get(McpRequests.USER);
		Map<String, Object> args = (request.arguments() != null) ? request.arguments() : Map.of();
		Object message = args.get("message");
		if (user == null) {
			return Mono.just(error("No caller"));
		}
		if (!(message instanceof String text) || text.isBlank()) {
			return Mono.just(error("'message' must be a non-empty string"));
		}
		String userId = user.toString();
		Object given = args.get("sessionId");
		Mono<String> session = (given instanceof String id && !id.isBlank())
				? this.sessions.get(id, userId).map((found) -> found.id())
				: this.sessions.create(userId, agentType, null, null).map((created) -> created.id());
		Sinks.One<McpSchema.CallToolResult> cancelled = Sinks.one();
		return session
			.flatMap((sessionId) -> Admission.started(this.turns.start(sessionId, userId, text)).flatMap((turnId) -> {
				Disposable cancel = () -> cancel(sessionId, userId, cancelled);
				Runnable unregister = this.requests.register(exchange.transportContext(), cancel);
				AtomicLong progress = new AtomicLong();
				return this.turns.follow(sessionId, userId, turnId, 0)
					.concatMap((event) -> progress(exchange, request, event, progress, turnId).thenReturn(event))
					.filter(EventRecord::terminal)
					.next()
					.map((terminal) -> result(sessionId, turnId, terminal))
					.or(cancelled.asMono())
					.doOnCancel(() -> cancel(sessionId, userId, cancelled))
					.doFinally((signal) -> unregister.run());
			}))
			.onErrorResume((ex) -> Mono.just(error(ex.getMessage() != null ? ex.getMessage() : ex.toString())));
	}

	private void cancel(String sessionId, String userId, Sinks.One<McpSchema.CallToolResult> cancelled) {
		this.turns.cancel(sessionId, userId)
			.subscribe(null, (ex) -> log.debug("Cancel of a turn of session {}: {}", sessionId, ex.toString()));
		cancelled.tryEmitValue(McpSchema.CallToolResult.builder()
			.addTextContent("Cancelled")
			.isError(true)
			.structuredContent(Map.of("sessionId", sessionId, "status", "cancelled"))
			.build());
	}

	private Mono<Void> progress(McpAsyncServerExchange exchange, McpSchema.CallToolRequest request, EventRecord event,
			AtomicLong progress, String turnId) {
		Object token = request.progressToken();
		if (token == null || event.terminal()) {
			return Mono.empty();
		}
		String note = switch (event.type()) {
			case "response" -> this.json.readTree(event.json()).path("content").asString("");
			case "tool_call" -> "calling " + this.json.readTree(event.json()).path("tool").asString("");
			case "turn_started" -> "started turn " + turnId;
			default -> null;
		};
		if (note == null) {
			return Mono.empty();
		}
		return exchange
			.progressNotification(
					new McpSchema.ProgressNotification(token, (double) progress.incrementAndGet(), null, note, null))
			.onErrorComplete();
	}

	private McpSchema.CallToolResult result(String sessionId, String turnId, EventRecord terminal) {
		JsonNode event = this.json.readTree(terminal.json());
		Map<String, Object> structured = new LinkedHashMap<>();
		structured.put("sessionId", sessionId);
		structured.put("turnId", turnId);
		structured.put("status", terminal.type());
		return switch (terminal.type()) {
			case "done" -> {
				String response = event.path("response").asString("");
				structured.put("response", response);
				yield McpSchema.CallToolResult.builder()
					.addTextContent(response)
					.structuredContent(structured)
					.isError(false)
					.build();
			}
			case "cancelled" -> McpSchema.CallToolResult.builder()
				.addTextContent("Cancelled: " + event.path("reason").asString(""))
				.structuredContent(structured)
				.isError(true)
				.build();
			default -> {
				structured.put("code", event.path("code").asString(""));
				yield McpSchema.CallToolResult.builder()
					.addTextContent(event.path("code").asString("error") + ": " + event.path("message").asString(""))
					.structuredContent(structured)
					.isError(true)
					.build();
			}
		};
	}

	private static McpSchema.CallToolResult error(@Nullable String text) {
		return McpSchema.CallToolResult.builder().addTextContent(String.valueOf(text)).isError(true).build();
	}

}
