@NullMarked
package dev.agentserve.agent;

import org.jspecify.annotations.NullMarked;
