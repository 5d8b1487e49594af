@NullMarked
package dev.agentserve.config;

import org.jspecify.annotations.NullMarked;
