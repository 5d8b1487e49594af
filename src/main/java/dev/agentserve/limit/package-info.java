/**
 * Quotas that protect capacity across replicas: requests per user per minute (HTTP
 * requests and WebSocket frames), tool calls per session per minute, on Redis buckets.
 */
@NullMarked
package dev.agentserve.limit;

import org.jspecify.annotations.NullMarked;
