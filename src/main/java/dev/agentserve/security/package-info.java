@NullMarked
package dev.agentserve.security;

import org.jspecify.annotations.NullMarked;
