@NullMarked
package dev.agentserve;

import org.jspecify.annotations.NullMarked;
