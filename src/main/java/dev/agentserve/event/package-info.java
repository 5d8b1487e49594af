@NullMarked
package dev.agentserve.event;

import org.jspecify.annotations.NullMarked;
