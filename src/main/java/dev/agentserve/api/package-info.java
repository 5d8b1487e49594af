@NullMarked
package dev.agentserve.api;

import org.jspecify.annotations.NullMarked;
