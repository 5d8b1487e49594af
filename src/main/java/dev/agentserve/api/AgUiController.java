package dev.agentserve.api;

import java.nio.charset.StandardCharsets;

import dev.agentserve.agui.AgUiService;
import dev.agentserve.agui.RunAgentInput;
import dev.agentserve.limit.Admission;
import dev.agentserve.stream.SseEvents;
import dev.agentserve.turn.TurnProperties;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The AG-UI endpoint ({@code @ag-ui/client}'s {@code HttpAgent}, CopilotKit): a
 * {@code RunAgentInput} in, AG-UI events out as SSE {@code data:} frames, with a
 * {@code : ping} comment on each heartbeat.
 */
@RestController
class AgUiController {

	private final AgUiService agUi;

	private final JsonMapper json;

	private final TurnProperties turns;

	AgUiController(AgUiService agUi, JsonMapper json, TurnProperties turns) {
		this.agUi = agUi;
		this.json = json;
		this.turns = turns;
	}

	@PostMapping(path = "/ag-ui/{agentType}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<ResponseEntity<Flux<DataBuffer>>> run(Caller caller, @PathVariable String agentType,
			@RequestBody RunAgentInput input) {
		return Admission.started(this.agUi.run(caller.userId(), agentType, input))
			.map((events) -> ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(frames(events)));
	}

	private Flux<DataBuffer> frames(Flux<ObjectNode> events) {
		return SseEvents.withHeartbeat(
				events.map((event) -> bytes("data: " + this.json.writeValueAsString(event) + "\n\n")),
				this.turns.heartbeat());
	}

	private static DataBuffer bytes(String frame) {
		return DefaultDataBufferFactory.sharedInstance.wrap(frame.getBytes(StandardCharsets.UTF_8));
	}

}
