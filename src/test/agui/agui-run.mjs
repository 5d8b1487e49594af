// Runs one AG-UI scenario against agentserve with the official client (HttpAgent) and
// prints a JSON report: the events of each run, the runs' results, and every warning the
// client's protocol enforcement printed (it strips, and warns about, anything its
// schemas do not describe). Each event is also parsed with @ag-ui/core's EventSchema.
//
// usage: node agui-run.mjs <baseUrl> <agentType> <scenario> [imageBase64]
import { HttpAgent } from "@ag-ui/client";
import { EventSchema } from "@ag-ui/core/schemas";
import { randomUUID } from "node:crypto";

const [baseUrl, agentType, scenario, image] = process.argv.slice(2);
const warnings = [];
const originalWarn = console.warn;
console.warn = (...args) => {
  warnings.push(args.map(String).join(" "));
  originalWarn(...args);
};

const agent = new HttpAgent({ url: `${baseUrl}/ag-ui/${agentType}`, threadId: randomUUID() });
const runs = [];
const invalid = [];

async function run(parameters = {}) {
  const events = [];
  let failure = null;
  let result = null;
  try {
    result = await agent.runAgent({ runId: randomUUID(), ...parameters }, {
      onEvent({ event }) {
        events.push(event);
        const parsed = EventSchema.safeParse(event);
        if (!parsed.success) {
          invalid.push({ type: event.type, issues: parsed.error.issues });
        }
      },
    });
  } catch (error) {
    failure = String(error?.message ?? error);
  }
  const summary = { events, failure, newMessages: result?.newMessages ?? [] };
  runs.push(summary);
  return summary;
}

function user(content) {
  agent.addMessage({ id: randomUUID(), role: "user", content });
}

const pickColor = {
  name: "pick_color",
  description: "Asks the user to pick a color",
  parameters: { type: "object", properties: { options: { type: "array", items: { type: "string" } } } },
};

switch (scenario) {
  case "calculator":
    user("What is 12*(3+4)?");
    await run();
    break;
  case "client-tool": {
    user("Which color?");
    const first = await run({ tools: [pickColor] });
    const finished = first.events.find((event) => event.type === "RUN_FINISHED");
    for (const callId of finished?.outcome?.pendingToolCallIds ?? []) {
      agent.addMessage({ id: randomUUID(), role: "tool", toolCallId: callId, content: JSON.stringify({ color: "blue" }) });
    }
    await run({ tools: [pickColor] });
    break;
  }
  case "interrupt": {
    user("Do the guarded thing");
    await run();
    const interrupts = agent.pendingInterrupts ?? [];
    await run({
      resume: interrupts.map((interrupt) => ({ interruptId: interrupt.id, status: "resolved", payload: { decision: "approve" } })),
    });
    break;
  }
  case "image":
    user([
      { type: "text", text: "What is this?" },
      { type: "image", source: { type: "data", value: image, mimeType: "image/png" } },
    ]);
    await run();
    break;
  case "error":
    user("fail please");
    await run();
    break;
  default:
    throw new Error(`unknown scenario ${scenario}`);
}

console.warn = originalWarn;
process.stdout.write(JSON.stringify({ threadId: agent.threadId, runs, warnings, invalid, messages: agent.messages }));
