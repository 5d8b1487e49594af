// Drives agentserve's /mcp with the official TypeScript SDK client and prints what it saw
// as JSON: node agent-client.mjs <baseUrl>
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const base = process.argv[2];
const client = new Client({ name: "ts-test-client", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(base + "/mcp")));
const out = {};
out.protocolVersion = client.transport.protocolVersion ?? null;
out.tools = (await client.listTools()).tools.map((t) => ({ name: t.name, inputSchema: t.inputSchema }));
const first = await client.callTool({ name: "scripted", arguments: { message: "hello from ts" } });
out.first = { text: first.content[0].text, structured: first.structuredContent, isError: first.isError ?? false };
const sessionId = first.structuredContent.sessionId;
const second = await client.callTool({ name: "scripted", arguments: { message: "again", sessionId } });
out.second = { text: second.content[0].text, structured: second.structuredContent };
const abort = new AbortController();
const progress = [];
try {
  await client.callTool({ name: "scripted", arguments: { message: "slow one", sessionId } }, undefined, {
    signal: abort.signal,
    onprogress: (p) => { progress.push(p.message); if (progress.length >= 2) abort.abort("enough"); },
  });
  out.cancel = { aborted: false };
} catch (e) {
  out.cancel = { aborted: true, error: String(e) };
}
out.progress = progress;
out.sessionId = sessionId;
await client.close();
console.log(JSON.stringify(out));
process.exit(0);
