@NullMarked
package dev.agentserve.model.openai;

import org.jspecify.annotations.NullMarked;
