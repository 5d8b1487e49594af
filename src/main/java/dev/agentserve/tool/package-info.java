@NullMarked
package dev.agentserve.tool;

import org.jspecify.annotations.NullMarked;
