/**
 * The {@code http_fetch} tool and the guards that keep it from being turned against the
 * network it runs in (SSRF).
 */
@NullMarked
package dev.agentserve.tool.fetch;

import org.jspecify.annotations.NullMarked;
