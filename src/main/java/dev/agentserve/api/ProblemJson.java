package dev.agentserve.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem the way RFC 9457 lays it out (extension members at top level), for the
 * exception handler and for answers written below Spring, on the Netty channel.
 */
@Component
class ProblemJson {

	private final JsonMapper json;

	ProblemJson(JsonMapper json) {
		this.json = json;
	}

	byte[] write(ProblemDetail problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", (problem.getType() != null) ? problem.getType().toString() : "about:blank");
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		if (problem.getDetail() != null) {
			body.put("detail", problem.getDetail());
		}
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			problem.getProperties().forEach(body::putIfAbsent);
		}
		return this.json.writeValueAsBytes(body);
	}

}
