package dev.agentserve.api;

/**
 * The part of the API that OpenAPI has no words for: event streams and the WebSocket.
 * Kept beside the controllers so a change of contract changes both.
 */
final class ApiDocsText {

	static final String DESCRIPTION = """
			Serves LLM agents over HTTP: sessions kept in Redis, chat turns run by a ReAct agent loop \
			that calls tools, every event streamed and kept so a client can resume on any replica.

			**Callers.** With API keys or a JWT issuer configured, every endpoint but `/health` needs \
			`Authorization: Bearer <key or token>`. In open mode (the local default) there is one \
			local user and no header is needed.

			**Errors** are `application/problem+json` (RFC 9457) with a stable `code`.

			## Event streams (SSE)

			`POST /sessions/{id}/chat` (with `stream` true, the default), `GET /sessions/{id}/chat?message=` \
			and `GET /sessions/{id}/turns/{turnId}/events` answer `text/event-stream`. Each frame is \
			`id: <seq>` and `data: <event JSON>` only — no `event:` line, so `EventSource.onmessage` \
			receives every event — and an idle stream gets a `: ping` comment every 15 s. On \
			`GET /sessions/{id}/chat` the id is `<turnId>:<seq>`, so a browser `EventSource` that \
			reconnects resumes the same turn instead of starting a new one. Resume any stream with \
			`Last-Event-ID` (or `?after=<seq>`). A stream that cannot go on ends with a `retry:` hint.

			Every event has `type, sessionId, turnId, seq, ts`; `seq` starts at 1 and grows by 1:

			| type | fields |
			|---|---|
			| `turn_started` | `agentType`, `message` |
			| `thought` | `step`, `content` (a delta to append) |
			| `response` | `step`, `content` (a delta to append) |
			| `tool_call` | `step`, `callId`, `tool`, `args` |
			| `tool_result` | `step`, `callId`, `tool`, `result` or `error`, `durationMs` |
			| `approval_required` | `step`, `callId`, `tool`, `args`, `expiresAt` |
			| `done` | `response`, `steps`, `usage`, `durationMs`, `cost?` — terminal |
			| `error` | `code`, `message` — terminal |
			| `cancelled` | `reason` — terminal |

			Each turn ends with exactly one terminal event; nothing follows it.

			## WebSocket `/ws/{sessionId}`

			One connection serves one session. Frames in (JSON text): `{"type":"chat","message":"…"}`, \
			`{"type":"cancel"}`, `{"type":"resume","turnId":"…","after":<seq>}`, \
			`{"type":"approval","turnId":"…","callId":"…","decision":"approve|reject|edit","args":{…}}`. \
			Frames out: the same event JSON as SSE, and `{"type":"error","code":"…","message":"…"}` for a \
			frame that could not be served (the connection stays open). Authenticate with the \
			`Authorization` header, or with a one-use ticket from `POST /stream-tickets` \
			(`?ticket=`) where a browser cannot set headers.
			""";

	private ApiDocsText() {
	}

}
