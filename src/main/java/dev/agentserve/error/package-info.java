/**
 * The error catalogue: which stable code, HTTP status, title and client-safe sentence
 * every failure becomes, read by the REST problem mapper and the WebSocket error frames
 * alike.
 */
@NullMarked
package dev.agentserve.error;

import org.jspecify.annotations.NullMarked;
