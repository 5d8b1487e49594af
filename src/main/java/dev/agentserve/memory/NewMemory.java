package dev.agentserve.memory;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a caller asks to remember.
 *
 * @param content the text
 * @param tags labels (none if null)
 * @param importance 0 to 1 (0.5 if null)
 */
public record NewMemory(String content, @Nullable List<String> tags, @Nullable Double importance) {
}
