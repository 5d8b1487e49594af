package dev.agentserve.tool.builtin;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.agentserve.tool.CanonicalJson;
import dev.agentserve.tool.Tool;
import dev.agentserve.tool.ToolContext;
import dev.agentserve.tool.ToolException;
import dev.agentserve.tool.ToolOutput;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** The current time in an IANA time zone: {@code {"timezone": "Europe/Paris"}}. */
@Component
class CurrentTimeTool implements Tool {

	private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("HH:mm:ss zzz 'on' EEEE, d MMMM yyyy",
			Locale.ENGLISH);

	private final Clock clock;

	private final JsonNode parameters;

	CurrentTimeTool(Clock clock, JsonMapper json) {
		this.clock = clock;
		this.parameters = json.readTree("""
				{"type": "object",
				 "properties": {"timezone": {"type": "string", "maxLength": 64,
				   "description": "An IANA time zone such as Europe/Paris or America/New_York; default UTC"}},
				 "additionalProperties": false}
				""");
	}

	@Override
	public String name() {
		return "current_time";
	}

	@Override
	public String description() {
		return "Returns the current date and time in a time zone.";
	}

	@Override
	public JsonNode parameters() {
		return this.parameters;
	}

	/**
	 * The arguments and the current minute: with a {@code cache-ttl} a cached answer is
	 * one from the same minute.
	 */
	@Override
	public String cacheKey(JsonNode arguments) {
		return CanonicalJson.of(arguments) + "@" + this.clock.instant().getEpochSecond() / 60;
	}

	@Override
	public Mono<ToolOutput> call(JsonNode arguments, ToolContext context) {
		return Mono.fromCallable(() -> {
			String zoneName = arguments.path("timezone").asString("UTC");
			ZoneId zone;
			try {
				zone = ZoneId.of(zoneName);
			}
			catch (DateTimeException ex) {
				throw new ToolException("Unknown time zone '" + zoneName + "'; use an IANA name such as Europe/Paris");
			}
			ZonedDateTime now = ZonedDateTime.now(this.clock.withZone(zone));
			return new ToolOutput(JsonNodeFactory.instance.objectNode()
				.put("timezone", zone.getId())
				.put("iso", now.toOffsetDateTime().toString())
				.put("epochSeconds", now.toEpochSecond())
				.put("human", HUMAN.format(now)));
		});
	}

}
