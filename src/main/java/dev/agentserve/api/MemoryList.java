package dev.agentserve.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /memories}: a page (with {@code nextCursor} unless last) or search results.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MemoryList(List<MemoryInfo> memories, @Nullable String nextCursor) {
}
