@NullMarked
package dev.agentserve.turn;

import org.jspecify.annotations.NullMarked;
