/**
 * The configured agents as an MCP server at {@code /mcp} (Streamable HTTP): one tool per
 * agent type, for IDEs and desktop assistants.
 */
@NullMarked
package dev.agentserve.mcp;

import org.jspecify.annotations.NullMarked;
