@NullMarked
package dev.agentserve.stream;

import org.jspecify.annotations.NullMarked;
