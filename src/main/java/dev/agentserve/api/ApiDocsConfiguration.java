package dev.agentserve.api;

import java.util.List;
import java.util.function.BiPredicate;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI 3.1 document at {@code /v3/api-docs} and Swagger UI at
 * {@code /swagger-ui.html} (springdoc). What OpenAPI cannot say — the SSE framing, the
 * event types and the WebSocket frames — is in the document's description, and every
 * operation lists the problem answers it can give.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

	static final String PROBLEM = "Problem";

	static final String BEARER = "bearer";

	static {
		// Resolved from the security context, not from the request.
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
		// Event streams are bytes on the wire; their JSON is described in the text.
		SpringDocUtils.getConfig().replaceWithClass(DataBuffer.class, String.class);
		SpringDocUtils.getConfig().replaceWithClass(JsonNode.class, Object.class);
	}

	/** Problem answers, and which operations can give them. */
	private static final List<ProblemAnswer> PROBLEMS = List.of(
			new ProblemAnswer("400",
					"Bad input: a missing, malformed or unknown field or parameter (the detail says which)",
					(path, operation) -> operation.getRequestBody() != null
							|| (operation.getParameters() != null && !operation.getParameters().isEmpty())),
			new ProblemAnswer("401", "No or a wrong `Authorization: Bearer` key or token (when callers are configured)",
					(path, operation) -> true),
			new ProblemAnswer("404", "No such session, turn or call, or not the caller's",
					(path, operation) -> path.contains("{id}")),
			new ProblemAnswer("409",
					"A turn is running (the problem's `turnId` names it), none is running, or the call "
							+ "was already decided",
					(path, operation) -> path.endsWith("/chat") || path.endsWith("/cancel")
							|| path.endsWith("/approvals")),
			new ProblemAnswer("413", "Body or message over its limit",
					(path, operation) -> operation.getRequestBody() != null),
			new ProblemAnswer("415", "Not `application/json`: send `Content-Type: application/json`",
					(path, operation) -> operation.getRequestBody() != null),
			new ProblemAnswer("429", "Over a rate, turn or session limit; `Retry-After` says when to come back",
					(path, operation) -> true),
			new ProblemAnswer("503",
					"Redis is unavailable or the replica is shutting down; `Retry-After` says when to come back",
					(path, operation) -> true));

	record ProblemAnswer(String status, String description, BiPredicate<String, Operation> applies) {
	}

	@Bean
	OpenAPI agentserveOpenApi() {
		return new OpenAPI()
			.info(new Info().title("agentserve")
				.version(version())
				.description(ApiDocsText.DESCRIPTION)
				.license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("An API key (`agentserve.security.api-keys.<user>`) or a JWT; "
									+ "not needed in open mode"))
				.addSchemas(PROBLEM, problemSchema()))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	@Bean
	OpenApiCustomizer problemAnswers() {
		return (openApi) -> openApi.getPaths()
			.forEach((path, item) -> item.readOperations().forEach((operation) -> addProblems(path, operation)));
	}

	private static void addProblems(String path, Operation operation) {
		if (path.startsWith("/health")) {
			return;
		}
		for (ProblemAnswer answer : PROBLEMS) {
			if (answer.applies().test(path, operation) && operation.getResponses().get(answer.status()) == null) {
				operation.getResponses()
					.addApiResponse(answer.status(), new ApiResponse().description(answer.description())
						.content(new Content().addMediaType("application/problem+json",
								new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
			}
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema<?> problemSchema() {
		Schema problem = new Schema<>().type("object")
			.description("RFC 9457 problem details; `code` is stable and machine-readable")
			.addProperty("type", new Schema<>().type("string"))
			.addProperty("title", new Schema<>().type("string"))
			.addProperty("status", new Schema<>().type("integer"))
			.addProperty("detail", new Schema<>().type("string"))
			.addProperty("instance", new Schema<>().type("string"))
			.addProperty("code", new Schema<>().type("string"));
		return problem;
	}

	private static String version() {
		String version = ApiDocsConfiguration.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "development";
	}

}
