// A stdio MCP server (TypeScript SDK) whose tool list changes: `grow` registers a new tool
// `extra_<n>`, and the SDK sends notifications/tools/list_changed.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "dynamic", version: "1.0.0" }, { capabilities: { tools: { listChanged: true } } });
let count = 0;
server.registerTool("grow", { description: "Adds a tool", inputSchema: {} }, async () => {
  count += 1;
  const name = `extra_${count}`;
  server.registerTool(name, { description: `Extra tool ${count}`, inputSchema: { x: z.number() } },
    async ({ x }) => ({ content: [{ type: "text", text: `extra ${x}` }] }));
  return { content: [{ type: "text", text: `added ${name}` }] };
});
await server.connect(new StdioServerTransport());
