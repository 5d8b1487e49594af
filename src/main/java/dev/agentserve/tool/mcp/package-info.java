/**
 * Tools of MCP servers ({@code agentserve.mcp.servers.<name>}), named
 * {@code mcp__<server>__<tool>}, over the official MCP Java SDK client.
 */
@NullMarked
package dev.agentserve.tool.mcp;

import org.jspecify.annotations.NullMarked;
