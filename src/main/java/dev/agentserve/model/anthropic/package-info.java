@NullMarked
package dev.agentserve.model.anthropic;

import org.jspecify.annotations.NullMarked;
