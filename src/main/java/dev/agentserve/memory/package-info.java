@NullMarked
package dev.agentserve.memory;

import org.jspecify.annotations.NullMarked;
